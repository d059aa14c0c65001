public import Domain
public import Foundation
public import Ports

/// The pipeline's record stage: in one tenant transaction, the submission (keeping its id when
/// re-checked), its extractions, the check and the audit entries of the run. Nothing here calls
/// Lark or the AI, so a failure leaves nothing half-written and a retry repeats it exactly.
public struct CheckRecorder: Sendable {
    let randomness: any Randomness

    public struct Recorded: Sendable {
        public let submission: Submission
        public let check: Check
        public let policy: PolicySettings
        /// The cards already sent for the submission, read in the same transaction (none for a
        /// new one, whose id was just made).
        public let cards: [CardMessage]
    }

    public func record(
        _ instance: LarkInstance, flow: MonitoredFlow, claim: ClaimReader.Claim, read: AttachmentReader.Result,
        scope: any TenantScope, now: Date
    ) async throws -> Recorded {
        let existing = try await scope.approvals.submission(instanceCode: instance.instanceCode)
        var submission = Submission(
            id: existing?.id ?? randomness.identifier(), tenantID: scope.tenantID, flowID: flow.id,
            instanceCode: instance.instanceCode, applicant: instance.applicantOpenID,
            status: instance.submissionStatus ?? .pending,
            lineItems: claim.lineItems, attachments: read.facts,
            submittedAt: existing?.submittedAt ?? instance.startedAt ?? now,
            updatedAt: now)
        let policy = try await scope.tenant.policy()
        let rates = try await CheckInputLoader.rates(
            for: submission.lineItems, submittedAt: submission.submittedAt, policy: policy, scope: scope)
        submission.baseTotal = CheckInput(submission: submission, policy: policy, rates: rates, now: now).baseTotal
        try await scope.approvals.saveSubmission(submission)
        for extraction in read.extractions { try await scope.approvals.saveExtraction(extraction, for: submission.id) }
        let input = try await CheckInputLoader().load(
            submission, extractions: read.extractions, claimProblems: claim.problems, policy: policy, rates: rates,
            scope: scope, now: now)
        let findings = CheckEngine().findings(for: input)
        let check = Check(
            id: randomness.identifier(), tenantID: scope.tenantID, submissionID: submission.id, findings: findings,
            checkedAt: now)
        try await scope.approvals.saveCheck(check)
        if existing == nil {
            try await audit(scope, submission, .received, now, ["instance_code": instance.instanceCode])
        }
        try await audit(
            scope, submission, .read, now,
            [
                "attachments": String(read.facts.count),
                "read": String(read.facts.filter { $0.outcome == .read }.count),
                "reused": String(read.reused),
            ])
        try await audit(
            scope, submission, .checked, now, ["verdict": check.verdict.rawValue, "findings": String(findings.count)])
        let cards = existing == nil ? [] : try await scope.approvals.cards(for: submission.id)
        return Recorded(submission: submission, check: check, policy: input.policy, cards: cards)
    }

    private func audit(
        _ scope: any TenantScope, _ submission: Submission, _ action: AuditEntry.Action, _ at: Date,
        _ detail: [String: String]
    ) async throws {
        try await scope.approvals.appendAudit(
            AuditEntry(
                id: randomness.identifier(), tenantID: submission.tenantID, submissionID: submission.id, at: at,
                actor: "system",
                action: action, detail: detail))
    }
}
