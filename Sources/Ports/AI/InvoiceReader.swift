public import Domain

/// Reads the facts off one invoice attachment. The bytes are lent for the duration of the call
/// (``FetchedAttachment`` is non-copyable): a reader cannot keep them. Unknown fields come back
/// nil, never guessed.
public protocol InvoiceReader: Sendable {
    /// `formSummary` is optional context from the claim (e.g. "claimed 120.50 SGD, transport").
    func read(_ attachment: borrowing FetchedAttachment, formSummary: String?) async throws(InvoiceReaderError)
        -> InvoiceExtraction
}

/// Why an attachment was not read. Carries the provider's request id for support, never content.
public struct InvoiceReaderError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// No AI is configured: the card goes out with "invoice not verified".
        case notConfigured = "not_configured"
        /// The provider failed or was overloaded after the retries; a later re-check may succeed.
        case unavailable
        /// The provider could not or would not read this file (bad PDF, refusal, unsupported type).
        case unreadable
        /// The provider rejected Kopi's credentials or request (401, 403, 400).
        case rejected
        /// The answer did not have the expected shape (or was cut off).
        case malformedResponse = "malformed_response"
        /// The file is above what the provider accepts.
        case tooLarge = "too_large"
    }

    public let kind: Kind
    public let status: Int?
    public let requestID: String?

    public init(_ kind: Kind, status: Int? = nil, requestID: String? = nil) {
        self.kind = kind
        self.status = status
        self.requestID = requestID
    }

    public var description: String { "ai.\(kind.rawValue)" + (status.map { "(\($0))" } ?? "") }

    /// Whether a later re-check may succeed.
    public var isTransient: Bool { kind == .unavailable || kind == .notConfigured }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind && lhs.status == rhs.status }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(status)
    }
}
