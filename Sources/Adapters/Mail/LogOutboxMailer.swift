import Domain
import Foundation
public import Ports

/// The mailer used without SMTP: prints each message to the console (not the log), so a
/// newcomer running Kopi locally can follow a sign-in link. Never used when SMTP is configured.
public struct LogOutboxMailer: Mailer {
    let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.write = write
    }

    public func send(_ message: MailMessage) async throws {
        write(
            """
            ── outbox ──────────────────────────────
            To: \(message.to)
            Subject: \(message.subject)

            \(message.body)
            ────────────────────────────────────────
            """)
    }
}
