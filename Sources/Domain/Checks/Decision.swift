public import Foundation

/// What an approver did with a card.
public struct Decision: Hashable, Sendable, Codable {
    /// The approver recorded when Kopi decided by itself (auto-approve).
    public static let kopiApprover = "kopi"

    public let id: DecisionID
    public let tenantID: TenantID
    public let submissionID: SubmissionID
    /// Lark open id of the approver who tapped.
    public let approver: String
    public let outcome: Outcome
    public let decidedAt: Date
    /// What the approver typed on the card; nil for none (an approval may have none).
    public var reason: DecisionReason?

    public init(
        id: DecisionID, tenantID: TenantID, submissionID: SubmissionID, approver: String, outcome: Outcome,
        decidedAt: Date, reason: DecisionReason? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.submissionID = submissionID
        self.approver = approver
        self.outcome = outcome
        self.decidedAt = decidedAt
        self.reason = reason
    }

    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case approve
        case reject
        case askForInfo = "ask_for_info"

        /// Whether the outcome ends the approver's task in Lark.
        public var isFinal: Bool { self != .askForInfo }
    }
}
