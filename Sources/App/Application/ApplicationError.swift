/// A failure a use case reports to whoever drives it: what kind of failure (which the HTTP edge
/// maps to a status), a stable machine code, a sentence for people and, for invalid input, every
/// problem found.
public struct ApplicationError: Error, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        case invalidInput
        case unauthenticated
        case forbidden
        case notFound
        case conflict
        case rateLimited
        case unavailable
        /// A service Kopi depends on (Lark) failed; nothing was changed.
        case upstreamFailed
    }

    public let kind: Kind
    public let code: String
    public let message: String
    public var problems: [String] = []

    public init(_ kind: Kind, code: String, message: String, problems: [String] = []) {
        self.kind = kind
        self.code = code
        self.message = message
        self.problems = problems
    }

    public static let unauthenticated = ApplicationError(
        .unauthenticated, code: "unauthenticated", message: "Sign in first.")
    public static let forbidden = ApplicationError(
        .forbidden, code: "forbidden", message: "Your role does not allow this.")
    public static let notFound = ApplicationError(
        .notFound, code: "not_found", message: "No such object in this workspace.")
    public static let rateLimited = ApplicationError(
        .rateLimited, code: "rate_limited", message: "Too many requests; try again later.")
    public static let larkNotConnected = ApplicationError(
        .conflict, code: "lark_not_connected", message: "Connect your Lark app first.")
    public static let csrfTokenInvalid = ApplicationError(
        .forbidden, code: "csrf_token_invalid", message: "The form expired; reload the page and try again.")

    public static func invalidInput(_ problems: [String]) -> ApplicationError {
        ApplicationError(
            .invalidInput, code: "invalid_input", message: "Some fields need attention.", problems: problems)
    }
}
