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

/// A message the mail server did not take, with libcurl's code (e.g. 7 cannot connect, 55 send
/// failed, 67 login denied); worth retrying later.
public struct MailError: Error, Hashable, Sendable, CustomStringConvertible {
    public let curlCode: Int

    public init(curlCode: Int) {
        self.curlCode = curlCode
    }

    public var description: String { "mail.failed(curl \(curlCode))" }
}
