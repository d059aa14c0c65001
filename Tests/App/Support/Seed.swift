import Domain
import Fakes
import Foundation
import Ports

/// Writes a workspace's approvals straight into storage, as the pipeline would have.
struct Seed: Sendable {
    let storage: any Storage
    let tenantID: TenantID

    func flow(code: String = LarkIDs.approvalCode()) async throws -> MonitoredFlow {
        let flow = MonitoredFlow(
            id: Identifier(UUID()), tenantID: tenantID, approvalCode: code, name: "Seeded flow",
            mapping: FormFieldMapping(amount: "w-amount", vendor: "w-vendor"), subscribed: true,
            createdAt: Date(timeIntervalSince1970: 1_799_000_000))
        try await storage.withTenant(tenantID) { try await $0.approvals.saveFlow(flow) }
        return flow
    }

    /// A checked submission with a card and, optionally, a decision.
    @discardableResult
    func approval(
        flow: MonitoredFlow, instance: String, vendor: String, amount: Int64, submittedAt: Date, findings: [Finding],
        cardAfter: TimeInterval? = 30, decision: Decision.Outcome? = nil, decidedBy: String = Seed.approver
    ) async throws -> Submission {
        let submission = Submission(
            id: Identifier(UUID()), tenantID: tenantID, flowID: flow.id, instanceCode: instance,
            applicant: Seed.applicant,
            status: decision == .approve ? .approved : .pending,
            lineItems: [
                LineItem(
                    amount: Money(minorUnits: amount, currency: CurrencyCode("SGD")!), date: submittedAt,
                    category: "meals", vendor: vendor)
            ],
            attachments: [], submittedAt: submittedAt, updatedAt: submittedAt)
        try await storage.withTenant(tenantID) { [tenantID] scope in
            let approvals = scope.approvals
            try await approvals.saveSubmission(submission)
            try await approvals.appendAudit(
                AuditEntry(
                    id: Identifier(UUID()), tenantID: tenantID, submissionID: submission.id, at: submittedAt,
                    actor: "lark", action: .received))
            try await approvals.saveCheck(
                Check(
                    id: Identifier(UUID()), tenantID: tenantID, submissionID: submission.id, findings: findings,
                    checkedAt: submittedAt.addingTimeInterval(5)))
            try await approvals.appendAudit(
                AuditEntry(
                    id: Identifier(UUID()), tenantID: tenantID, submissionID: submission.id,
                    at: submittedAt.addingTimeInterval(5), actor: "kopi", action: .checked,
                    detail: ["verdict": Verdict.worst(of: findings.map(\.severity)).rawValue]))
            if let cardAfter {
                try await approvals.saveCard(
                    CardMessage(
                        tenantID: tenantID, submissionID: submission.id, approver: Seed.approver,
                        messageID: LarkIDs.messageID(), taskID: LarkIDs.taskID(),
                        sentAt: submittedAt.addingTimeInterval(cardAfter)))
            }
            if let decision {
                try await approvals.saveDecision(
                    Decision(
                        id: Identifier(UUID()), tenantID: tenantID, submissionID: submission.id, approver: decidedBy,
                        outcome: decision, decidedAt: submittedAt.addingTimeInterval(600)))
            }
        }
        return submission
    }

    func pattern(vendor: String, lower: Int64 = 1000, upper: Int64 = 5000) async throws -> LearnedPattern {
        let pattern = LearnedPattern(
            id: Identifier(UUID()), tenantID: tenantID, vendorKey: VendorName.normalise(vendor), category: "meals",
            currency: CurrencyCode("SGD")!,
            lowerBound: lower, upperBound: upper, approvals: 3, rejections: 0,
            lastDecidedAt: Date(timeIntervalSince1970: 1_799_500_000))
        try await storage.withTenant(tenantID) { try await $0.patterns.save(pattern) }
        return pattern
    }

    static let approver = LarkIDs.openID()
    static let applicant = LarkIDs.openID()
    /// Instance codes for seeded approvals, shaped like Lark's.
    static let instances = (0..<8).map { _ in LarkIDs.instanceCode() }

    static let green = [Finding(.memoryKnownPattern, severity: .green, message: "Known", rule: "learned pattern")]
    static let yellow = [
        Finding(
            .amountAboveNorm, severity: .yellow, message: "Above the usual",
            evidence: Finding.Evidence().with { $0.median = Money(minorUnits: 1200, currency: CurrencyCode("SGD")!) },
            rule: "3× median")
    ]
    static let red = [
        Finding(
            .policyCapExceeded, severity: .red, message: "Over the meals cap",
            evidence: Finding.Evidence().with { $0.cap = Money(minorUnits: 5000, currency: CurrencyCode("SGD")!) },
            rule: "meals cap"),
        Finding(.amountAboveNorm, severity: .yellow, message: "Above the usual"),
    ]
}
