/// What may be stored about an attachment once its bytes are gone: derived facts, never content.
public struct AttachmentFacts: Hashable, Sendable, Codable {
    public let fileName: String
    public let mediaType: MediaType?
    public let size: Int
    /// SHA-256 of the bytes, hex: lets a later submission of the same file be recognised.
    public let contentHash: String?
    public let outcome: Outcome

    public init(fileName: String, mediaType: MediaType?, size: Int, contentHash: String?, outcome: Outcome) {
        self.fileName = fileName
        self.mediaType = mediaType
        self.size = size
        self.contentHash = contentHash
        self.outcome = outcome
    }

    /// How the lifecycle ended for this attachment.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Read by the AI; an extraction was stored.
        case read
        /// Not a PDF, PNG, JPEG, GIF or WebP: shown to the approver as unreadable.
        case unsupportedType = "unsupported_type"
        /// Above the per-file or per-submission size cap.
        case tooLarge = "too_large"
        /// Lark would not serve it.
        case downloadFailed = "download_failed"
        /// The AI was unavailable or not configured; a later re-check may read it.
        case notRead = "not_read"
    }
}
