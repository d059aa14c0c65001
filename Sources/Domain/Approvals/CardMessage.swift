public import Foundation

/// A check card sent to one approver for one of their tasks, kept so it can be updated as the
/// approval moves on. Its lifecycle (see Architecture.md, "The card lifecycle"):
/// `open` (buttons live) → `acting` (a tap is recorded, Kopi is acting on Lark) → `open` again
/// (ask for info, or a refusal the approver can still act on) or `final` (no buttons: decided
/// in Kopi or in Lark, task moved on, or the instance ended).
public struct CardMessage: Hashable, Sendable, Codable {
    public let tenantID: TenantID
    public let submissionID: SubmissionID
    /// Lark open id of the approver the card went to.
    public let approver: String
    /// Lark's `message_id` of the sent card.
    public var messageID: String
    /// The Lark task the card lets its approver act on.
    public var taskID: String
    public var state: State
    public var sentAt: Date
    /// When the one reminder about this card went to the approver; nil until then.
    public var remindedAt: Date?

    public init(
        tenantID: TenantID, submissionID: SubmissionID, approver: String, messageID: String, taskID: String,
        state: State = .open,
        sentAt: Date, remindedAt: Date? = nil
    ) {
        self.tenantID = tenantID
        self.submissionID = submissionID
        self.approver = approver
        self.messageID = messageID
        self.taskID = taskID
        self.state = state
        self.sentAt = sentAt
        self.remindedAt = remindedAt
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        case open
        case acting
        case final
    }

    /// Lark lets a sent card be patched only within 14 days; older cards stay as they are and
    /// the dashboard is the record.
    public static let patchWindow: TimeInterval = 14 * 86400

    public func isPatchable(at now: Date) -> Bool { now.timeIntervalSince(sentAt) < Self.patchWindow }
}
