public import Foundation

/// One line of an approval's timeline or of a workspace's administrative history.
public struct AuditEntry: Hashable, Sendable, Codable {
    public let id: AuditEntryID
    public let tenantID: TenantID
    public let submissionID: SubmissionID?
    public let at: Date
    /// Who acted: `system`, `user:<id>` or `lark:<open id>`.
    public let actor: String
    public let action: Action
    /// Metadata only (codes, counts, ids), never form values or secrets.
    public let detail: [String: String]
    /// The entry's place in its workspace's history, given by the store on append; the timeline
    /// is ordered by it, never by timestamps. Nil until stored.
    public var sequence: Int64?

    public init(
        id: AuditEntryID, tenantID: TenantID, submissionID: SubmissionID?, at: Date, actor: String, action: Action,
        detail: [String: String] = [:], sequence: Int64? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.submissionID = submissionID
        self.at = at
        self.actor = actor
        self.action = action
        self.detail = detail
        self.sequence = sequence
    }

    public enum Action: String, Sendable, Codable, CaseIterable {
        case received
        case read
        case checked
        case cardSent = "card_sent"
        /// A card could not be delivered (e.g. the approver is outside the app's availability).
        case cardFailed = "card_failed"
        /// An approver tapped a card's button; Kopi recorded it and answered Lark at once.
        case tapped
        /// Lark refused the action a tap asked for, or the approver no longer had a pending task.
        case actionFailed = "action_failed"
        case decided
        case statusChanged = "status_changed"
        case connectionChanged = "connection_changed"
        case policyChanged = "policy_changed"
        case memberChanged = "member_changed"
        case ruleChanged = "rule_changed"
        /// An admin queued a dead-lettered job again, or discarded it.
        case jobRetried = "job_retried"
        case jobDiscarded = "job_discarded"
        case personalDataExported = "personal_data_exported"
        case personalDataErased = "personal_data_erased"
        case workspaceExported = "workspace_exported"
        case reminderSent = "reminder_sent"
        case exchangeRateSet = "exchange_rate_set"
        case exchangeRateRemoved = "exchange_rate_removed"
        /// An admin imported the written policy; the AI's proposals were checked and stored.
        case policyImported = "policy_imported"
        case policyRuleEdited = "policy_rule_edited"
        case policyRuleAccepted = "policy_rule_accepted"
        case policyRuleRejected = "policy_rule_rejected"
    }
}
