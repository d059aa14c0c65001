/// An attachment's bytes, in memory, while one submission is processed.
///
/// This is the only type that holds raw attachment bytes, and it is built so that they cannot be
/// kept: it is non-copyable (one owner, no stray copies), not `Codable` (no database row, job
/// payload or JSON can hold it), and not `CustomStringConvertible` (no interpolation into a log or
/// error). The lifecycle ends with ``discard(_:)``, which consumes it and leaves only
/// ``AttachmentFacts``.
public struct FetchedAttachment: ~Copyable, Sendable {
    public let reference: AttachmentReference
    /// SHA-256 of the bytes as lower-case hex, computed by the fetching adapter.
    public let contentHash: String
    private let bytes: [UInt8]

    public init(reference: AttachmentReference, bytes: [UInt8], contentHash: String) {
        self.reference = reference
        self.bytes = bytes
        self.contentHash = contentHash
    }

    public var size: Int { bytes.count }

    /// The type the bytes really are.
    public var mediaType: MediaType? { MediaType.sniff(bytes) }

    /// Lends the bytes to a reader (the AI adapter) for the duration of the call only.
    public func withBytes<Result>(_ body: ([UInt8]) throws -> Result) rethrows -> Result {
        try body(bytes)
    }

    /// Ends the lifecycle: the bytes are dropped, the facts remain.
    public consuming func discard(_ outcome: AttachmentFacts.Outcome) -> AttachmentFacts {
        AttachmentFacts(
            fileName: reference.fileName, mediaType: mediaType, size: bytes.count, contentHash: contentHash,
            outcome: outcome)
    }
}
