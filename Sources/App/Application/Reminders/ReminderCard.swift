import Crypto
public import Domain
public import Foundation

/// The one reminder an approver gets about a claim still waiting for them: a short schema 2.0
/// card (no buttons: the decision stays on the original card, so taps keep one home) that names
/// the claim, how long it has waited and where to act.
public struct ReminderCard: Sendable {
    public let submission: Submission
    public let card: CardMessage
    public let workingDays: Int
    public let auditURL: String
    public let timeZone: TimeZone

    public func json() -> String {
        let amount =
            submission.claimedTotal.map { "\($0.decimalText) \($0.currency.code)" } ?? "an amount Kopi could not read"
        let vendor = submission.lineItems.compactMap(\.vendor).first.map { LarkMarkdown.escape($0, limit: 80) }
        var sent = Date.FormatStyle(date: .abbreviated, time: .shortened)
        sent.timeZone = timeZone
        let lines = [
            "⏰ **An expense claim has waited \(workingDays) working day\(workingDays == 1 ? "" : "s") for your decision.**",
            "\(vendor.map { "\($0) · " } ?? "")\(amount) · submitted \(submission.submittedAt.formatted(sent))",
            "Decide with the buttons on Kopi's card of \(card.sentAt.formatted(sent)) in this chat, or in Lark's Approval app. [Audit page](\(auditURL))",
        ]
        return CheckCard.text([
            "schema": "2.0",
            // Lark takes schema 2.0 cards only as shared cards.
            "config": ["update_multi": true],
            "header": [
                "title": ["tag": "plain_text", "content": "Reminder: \(amount)"],
                "template": "orange",
            ],
            "body": ["elements": lines.map { ["tag": "markdown", "content": $0] }],
        ])
    }

    /// Lark's `uuid` for the reminder (at most 50 characters): one reminder per card, whatever
    /// the number of sweeps that try to send it.
    public var idempotencyKey: String {
        let digest = SHA256.hash(
            data: Array(
                "kopi/reminder/v1|\(card.tenantID)|\(card.submissionID)|\(card.approver)|\(card.messageID)".utf8))
        return "kopi-r-" + digest.prefix(20).map { String(format: "%02x", $0) }.joined()
    }
}
