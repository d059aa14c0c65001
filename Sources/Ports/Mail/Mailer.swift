public import Domain

/// Sends one e-mail. Implementations must not log the body (it may hold a sign-in link).
public protocol Mailer: Sendable {
    func send(_ message: MailMessage) async throws
}

public struct MailMessage: Sendable, Hashable {
    public let to: EmailAddress
    public let subject: String
    public let body: String

    public init(to: EmailAddress, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}
