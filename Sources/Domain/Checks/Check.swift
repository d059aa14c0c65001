public import Foundation

/// The outcome of running the five-dimension check over one submission.
public struct Check: Hashable, Sendable, Codable {
    public let id: CheckID
    public let tenantID: TenantID
    public let submissionID: SubmissionID
    public let findings: [Finding]
    public let checkedAt: Date

    public init(id: CheckID, tenantID: TenantID, submissionID: SubmissionID, findings: [Finding], checkedAt: Date) {
        self.id = id
        self.tenantID = tenantID
        self.submissionID = submissionID
        self.findings = findings
        self.checkedAt = checkedAt
    }

    /// The worst finding decides; a check with no findings is green.
    public var verdict: Verdict { Verdict.worst(of: findings.map(\.severity)) }
}
