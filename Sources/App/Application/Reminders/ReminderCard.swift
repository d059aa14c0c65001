import Crypto
public import Domain
import Foundation

/// The one reminder an approver gets about a claim still waiting for them: a short schema 2.0
/// card (no buttons: the decision stays on the original card, so taps keep one home) that names
/// the claim, how long it has waited and where to act.
public struct ReminderCard: Sendable {
    public let submission: Submission
    public let card: CardMessage
    public let workingDays: Int
    public let auditURL: String
    /// The workspace's language and time zone.
    public let localizer: Localizer

    public init(submission: Submission, card: CardMessage, workingDays: Int, auditURL: String, localizer: Localizer) {
        self.submission = submission
        self.card = card
        self.workingDays = workingDays
        self.auditURL = auditURL
        self.localizer = localizer
    }

    public func json() -> String {
        let t = localizer
        let amount = submission.claimedTotal.map(t.money) ?? t(.reminderAmountUnknown)
        let vendor =
            submission.lineItems.compactMap(\.vendor).first.map { LarkMarkdown.escape($0, limit: 80) }
            ?? t(.cardVendorUnknown)
        let lines = [
            t(workingDays == 1 ? .reminderWaitedOne : .reminderWaited, ["days": t.number(workingDays)]),
            t(.reminderClaim, ["vendor": vendor, "amount": amount, "submitted": t.dateTime(submission.submittedAt)]),
            t(.reminderWhere, ["sent": t.dateTime(card.sentAt), "url": auditURL]),
        ]
        return CheckCard.text([
            "schema": "2.0",
            // Lark takes schema 2.0 cards only as shared cards.
            "config": ["update_multi": true],
            "header": [
                "title": ["tag": "plain_text", "content": t(.reminderTitle, ["amount": amount])],
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
        return "kopi-r-" + Hex.lowercase(digest.prefix(20))
    }
}
