/// Whether Kopi may approve a claim on its own. Off unless the policy names a number of prior
/// approvals: then every line must match a learned pattern approved at least that often, and
/// nothing else may have been found.
public enum AutoApproval {
    public static func qualifies(_ check: Check, submission: Submission, policy: PolicySettings) -> Bool {
        guard let required = policy.autoApproveAfterApprovals, !check.findings.isEmpty else { return false }
        let memory = check.findings.filter { $0.code == .memoryKnownPattern }
        return memory.count == check.findings.count && memory.count == submission.lineItems.count
            && memory.allSatisfy { ($0.evidence.approvals ?? 0) >= required }
    }
}
