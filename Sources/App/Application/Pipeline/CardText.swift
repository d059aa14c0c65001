public import Domain
import Foundation

/// The closing lines, notes and toasts of a card at each step of its lifecycle, in the
/// workspace's language. Kopi's own words only; anything from employees passes through
/// ``LarkMarkdown`` before it gets here.
public struct CardText: Sendable {
    public let localizer: Localizer

    public init(_ localizer: Localizer) { self.localizer = localizer }

    public func decided(_ choice: Decision.Outcome, reason: DecisionReason? = nil) -> String {
        let line =
            switch choice {
            case .approve: localizer(.cardYouApproved)
            case .reject: localizer(.cardYouRejected)
            case .askForInfo: askedForInfo
            }
        return line + (reason.map { "\n" + reasonLine($0, choice: choice) } ?? "")
    }

    public var askedForInfo: String { localizer(.cardYouAsked) }

    /// The approver's own reason (or question), inert and on one line.
    public func reasonLine(_ reason: DecisionReason, choice: Decision.Outcome) -> String {
        localizer(
            choice == .askForInfo ? .cardYourQuestion : .cardYourReason,
            ["reason": LarkMarkdown.escape(reason.text, limit: DecisionReason.maxLength)])
    }

    /// The toast when Reject or Ask for info comes without a reason.
    public func reasonNeeded(_ choice: Decision.Outcome) -> String {
        switch choice {
        case .reject: localizer(.toastReasonForReject)
        case .askForInfo: localizer(.toastQuestionForAsk)
        case .approve: ""
        }
    }

    /// The toast and pending line while Kopi acts on a tap.
    public func progress(_ choice: Decision.Outcome) -> String {
        switch choice {
        case .approve: localizer(.cardApproving)
        case .reject: localizer(.cardRejecting)
        case .askForInfo: localizer(.cardAsking)
        }
    }

    public var autoApproved: String { localizer(.cardAutoApproved) }

    public var noPendingTask: String { localizer(.cardNoPendingTask) }

    public var signatureRequired: String { localizer(.cardSignatureRequired) }

    /// Lark refused the decision; `retry` when the card's buttons came back.
    public func refused(_ code: String, retry: Bool = false) -> String {
        localizer(retry ? .cardRefusedRetry : .cardRefused, ["code": LarkMarkdown.escape(code, limit: 60)])
    }

    /// The instance ended: every card says how.
    public func final(_ status: SubmissionStatus) -> String {
        switch status {
        case .approved: localizer(.cardFinalApproved)
        case .rejected: localizer(.cardFinalRejected)
        case .canceled: localizer(.cardFinalCanceled)
        case .deleted: localizer(.cardFinalDeleted)
        case .pending: localizer(.cardFinalOther)
        }
    }

    /// The approver's task moved on outside Kopi (Lark's own Approval app, another approver).
    public func taskEnded(_ status: String) -> String {
        switch status {
        case "APPROVED": localizer(.cardTaskApproved)
        case "REJECTED": localizer(.cardTaskRejected)
        case "TRANSFERRED": localizer(.cardTaskTransferred)
        case "DONE": localizer(.cardTaskDone)
        case "ROLLBACK": localizer(.cardTaskRolledBack)
        default: localizer(.cardTaskEnded)
        }
    }
}
