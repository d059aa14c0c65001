public import Domain
import Foundation

/// The closing lines and notes of a card at each step of its lifecycle. Kopi's own words only;
/// anything from employees passes through ``LarkMarkdown`` before it gets here.
public enum CardText {
    public static func decided(_ choice: Decision.Outcome, reason: DecisionReason? = nil) -> String {
        let line =
            switch choice {
            case .approve: "✅ **You approved this.**"
            case .reject: "❌ **You rejected this.**"
            case .askForInfo: askedForInfo
            }
        return line + (reason.map { "\n" + reasonLine($0, choice: choice) } ?? "")
    }

    public static let askedForInfo =
        "💬 **You asked for more information.** Lark notified the applicant in the approval's comments."

    /// The approver's own reason (or question), inert and on one line.
    public static func reasonLine(_ reason: DecisionReason, choice: Decision.Outcome) -> String {
        (choice == .askForInfo ? "**Your question:** " : "**Your reason:** ")
            + LarkMarkdown.escape(reason.text, limit: DecisionReason.maxLength)
    }

    /// The toast when Reject or Ask for info comes without a reason.
    public static func reasonNeeded(_ choice: Decision.Outcome) -> String {
        switch choice {
        case .reject: "Write the reason in the box, then tap Reject."
        case .askForInfo: "Write your question in the box, then tap Ask for info."
        case .approve: ""
        }
    }

    public static let autoApproved =
        "**Auto-approved by Kopi** — it matches a learned pattern and nothing else was found. No action needed."

    public static let noPendingTask = "**You have no pending task on this approval**, so nothing was changed."

    public static let signatureRequired =
        "✍️ **This step needs your handwritten signature**: please decide in Lark's Approval app."

    public static func refused(_ code: String) -> String {
        "⚠️ **Lark did not accept this** (\(LarkMarkdown.escape(code, limit: 60))). Please decide in Lark's Approval app."
    }

    /// The instance ended: every card says how.
    public static func final(_ status: SubmissionStatus) -> String {
        "**Final outcome: \(status.rawValue.capitalized)** — no action needed."
    }

    /// The approver's task moved on outside Kopi (Lark's own Approval app, another approver).
    public static func taskEnded(_ status: String) -> String {
        switch status {
        case "APPROVED": "✅ **Approved in Lark** — no action needed here."
        case "REJECTED": "❌ **Rejected in Lark** — no action needed here."
        case "TRANSFERRED": "↪️ **Transferred to another approver** — no action needed here."
        case "DONE": "**Completed by another approver** — no action needed here."
        case "ROLLBACK": "↩️ **Sent back to an earlier step** — no action needed here."
        default: "**No longer pending in Lark** — no action needed here."
        }
    }
}
