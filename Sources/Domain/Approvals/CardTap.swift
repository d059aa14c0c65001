public import Foundation

/// A tap on a card's button, recorded durably before Kopi answers Lark, then acted on in the
/// background: the Lark task approved or rejected, or the question posted.
public struct CardTap: Hashable, Sendable {
    public let id: TapID
    public let tenantID: TenantID
    public let submissionID: SubmissionID
    /// Open id of the approver who tapped.
    public let approver: String
    public let choice: Decision.Outcome
    /// What the approver typed in the card's reason field; required to reject or ask.
    public var reason: DecisionReason?
    /// The tapped card.
    public let messageID: String
    /// The callback's card update token (`c-…`): valid 30 minutes, usable twice, and only after
    /// the callback was answered. Stored sealed; nil once spent or never given.
    public var updateToken: Secret?
    public let receivedAt: Date
    public var state: State
    /// Stable code of the last failure, e.g. `lark.signature_required(1390018)`.
    public var failure: String?

    public init(
        id: TapID, tenantID: TenantID, submissionID: SubmissionID, approver: String, choice: Decision.Outcome,
        messageID: String,
        updateToken: Secret?, receivedAt: Date, state: State = .pending, failure: String? = nil,
        reason: DecisionReason? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.submissionID = submissionID
        self.approver = approver
        self.choice = choice
        self.messageID = messageID
        self.updateToken = updateToken
        self.receivedAt = receivedAt
        self.state = state
        self.failure = failure
        self.reason = reason
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        /// Recorded and answered; the Lark action has not completed yet.
        case pending
        /// Lark accepted the action and the decision is recorded.
        case done
        /// Lark refused, or the approver no longer had a pending task; the card says so.
        case failed
    }

    /// How long Lark accepts the update token.
    public static let updateTokenLifetime: TimeInterval = 30 * 60

    /// Whether the callback token may still update the card at `now`.
    public func canUseToken(at now: Date) -> Bool {
        updateToken != nil && now.timeIntervalSince(receivedAt) < Self.updateTokenLifetime - 60
    }
}
