public import Foundation

/// What the compliance report needs of one submission: its latest check, first card and final
/// decision.
public struct ReportRow: Hashable, Sendable {
    public let submissionID: SubmissionID
    public let submittedAt: Date
    /// The latest check's findings; nil when the submission was never checked.
    public let findings: [Finding]?
    public let firstCardAt: Date?
    /// The latest decision, if any.
    public let decision: Decision.Outcome?
    /// Whether Kopi made that decision itself (auto-approve).
    public let decidedByKopi: Bool

    public init(
        submissionID: SubmissionID, submittedAt: Date, findings: [Finding]?, firstCardAt: Date?, decision: Decision.Outcome?,
        decidedByKopi: Bool
    ) {
        self.submissionID = submissionID
        self.submittedAt = submittedAt
        self.findings = findings
        self.firstCardAt = firstCardAt
        self.decision = decision
        self.decidedByKopi = decidedByKopi
    }
}
