/// A failed Lark call: what kind of failure, Lark's `code` and `X-Tt-Logid` when there were any.
/// Never carries a token, a secret or a response body.
public struct LarkError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// App ID / App Secret wrong, app disabled or not installed (99991543, 99991662, 99991673, 10014).
        case invalidCredentials = "invalid_credentials"
        /// The app lacks a scope (99991672, 99991676) or the operation is not permitted (1390009).
        case permissionDenied = "permission_denied"
        /// Approval, instance or task not found (1390002, 1390003, 1390010).
        case notFound = "not_found"
        /// The node requires a handwritten signature (1390018): the approver must act in Lark.
        case signatureRequired = "signature_required"
        /// Rate limited (429 / 99991400, 230020 per message) even after waiting as Lark asked.
        case rateLimited = "rate_limited"
        /// The person cannot be reached by the app: outside its availability range (230013) or the
        /// bot capability is off (230006).
        case notReachable = "not_reachable"
        /// Too late for this change: a card older than 14 days (230031), a callback token past its
        /// 30 minutes or its two uses (300030, 300040).
        case expired
        /// Lark's side failed (5xx, 1395001) after retries.
        case unavailable
        /// The network failed or timed out.
        case transport
        /// A download host or scheme outside the allow-list, or too many redirects.
        case forbiddenURL = "forbidden_url"
        /// A response or file above its size cap.
        case tooLarge = "too_large"
        /// Lark answered something Kopi cannot read.
        case malformedResponse = "malformed_response"
        /// Any other business error code.
        case rejected
    }

    public let kind: Kind
    public let code: Int?
    public let logID: String?
    /// Seconds Lark asked to wait (`x-ogw-ratelimit-reset`), for rate limits.
    public let retryAfter: Double?

    public init(_ kind: Kind, code: Int? = nil, logID: String? = nil, retryAfter: Double? = nil) {
        self.kind = kind
        self.code = code
        self.logID = logID
        self.retryAfter = retryAfter
    }

    /// A stable code for logs, job dead-letters and API errors, e.g. `lark.not_found(1390003)`.
    public var description: String {
        "lark.\(kind.rawValue)" + (code.map { "(\($0))" } ?? "")
    }

    /// Errors are the same failure when kind and code agree; log id and wait are diagnostics.
    public static func == (lhs: LarkError, rhs: LarkError) -> Bool { lhs.kind == rhs.kind && lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(code)
    }

    /// Whether a later retry may succeed.
    public var isRetryable: Bool { [.rateLimited, .unavailable, .transport].contains(kind) }
}
