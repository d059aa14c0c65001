public import Foundation

/// What the compliance report needs of one submission: its latest check, first card and final
/// decision.
public struct ReportRow: Hashable, Sendable {
    public let submissionID: SubmissionID
    public let submittedAt: Date
    /// The code and severity of each finding of the latest check; nil when never checked.
    public let findings: [Flag]?
    public let firstCardAt: Date?
    /// The latest decision, if any.
    public let decision: Decision.Outcome?
    /// Whether Kopi made that decision itself (auto-approve).
    public let decidedByKopi: Bool
    /// When the latest decision was taken.
    public let decidedAt: Date?

    public init(
        submissionID: SubmissionID, submittedAt: Date, findings: [Flag]?, firstCardAt: Date?,
        decision: Decision.Outcome?,
        decidedByKopi: Bool, decidedAt: Date? = nil
    ) {
        self.submissionID = submissionID
        self.submittedAt = submittedAt
        self.findings = findings
        self.firstCardAt = firstCardAt
        self.decision = decision
        self.decidedByKopi = decidedByKopi
        self.decidedAt = decidedAt
    }

    /// What the report counts of a finding.
    public struct Flag: Hashable, Sendable {
        public let code: Finding.Code
        public let severity: Verdict

        public init(code: Finding.Code, severity: Verdict) {
            self.code = code
            self.severity = severity
        }

        public init(_ finding: Finding) {
            self.init(code: finding.code, severity: finding.severity)
        }
    }
}
