import Domain
import Foundation
public import Ports

/// The mailer used without SMTP: prints each message to the console (not the log), so a
/// newcomer running Kopi locally can follow a sign-in link. Never used when SMTP is configured,
/// and in production only when the operator says so (`KOPI_MAIL=console`).
public struct LogOutboxMailer: Mailer {
    let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void = LogOutboxMailer.standardOutput) {
        self.write = write
    }

    /// Straight to file descriptor 1 with one write(2), not through stdio's buffer: under a
    /// process supervisor or `| tee` stdout is not a terminal, and a buffered link would show
    /// late or, if the process stops, never.
    public static let standardOutput: @Sendable (String) -> Void = { text in
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
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
