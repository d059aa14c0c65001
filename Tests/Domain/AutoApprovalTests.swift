import Domain
import Foundation
import Testing

@Suite("Auto-approval: only known patterns, approved often enough, and nothing else found")
struct AutoApprovalTests {
    let submission = Submission(
        id: Identifier(UUID()), tenantID: Identifier(UUID()), flowID: Identifier(UUID()),
        instanceCode: "81D31358-9E4B-4B6A-8F2C-0D7C5E3A9B11", applicant: "ou_7d8a6e6df7621556ce0d21922b676706",
        status: .pending,
        lineItems: [LineItem(amount: Money(minorUnits: 1, currency: CurrencyCode("SGD")!))], attachments: [],
        submittedAt: Date(),
        updatedAt: Date())

    func check(_ findings: [Finding]) -> Check {
        Check(
            id: Identifier(UUID()), tenantID: submission.tenantID, submissionID: submission.id, findings: findings,
            checkedAt: Date())
    }

    func memory(approvals: Int?) -> Finding {
        Finding(
            .memoryKnownPattern, severity: .green, message: "m",
            evidence: Finding.Evidence().with { $0.approvals = approvals })
    }

    @Test("Off by default, on at the policy's number of approvals, off below it")
    func threshold() {
        #expect(!AutoApproval.qualifies(check([memory(approvals: 5)]), submission: submission, policy: .defaults))
        #expect(
            AutoApproval.qualifies(
                check([memory(approvals: 5)]), submission: submission,
                policy: PolicySettings(autoApproveAfterApprovals: 5)))
        #expect(
            !AutoApproval.qualifies(
                check([memory(approvals: 5)]), submission: submission,
                policy: PolicySettings(autoApproveAfterApprovals: 6)))
        #expect(
            !AutoApproval.qualifies(
                check([memory(approvals: nil)]), submission: submission,
                policy: PolicySettings(autoApproveAfterApprovals: 1)))
    }

    @Test("Anything else found, or nothing found at all, keeps it with the approver")
    func otherFindings() {
        let weekend = Finding(.dateWeekend, severity: .yellow, message: "w")
        let policy = PolicySettings(autoApproveAfterApprovals: 1)
        #expect(
            !AutoApproval.qualifies(check([memory(approvals: 5), weekend]), submission: submission, policy: policy))
        #expect(!AutoApproval.qualifies(check([]), submission: submission, policy: policy))
    }
}
