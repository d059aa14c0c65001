import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("ApprovalStore contract: an applicant's claims")
struct ApprovalStoreApplicantContract {
    @Test(
        "Submissions are found by applicant within a time range, and never another workspace's",
        arguments: StoreKind.allCases)
    func byApplicant(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let flow = Fixtures.flow(tenant.id)
            let otherFlow = Fixtures.flow(other.id)
            let ana = LarkIDs.openID()
            @Sendable func claim(_ tenant: TenantID, _ flow: FlowID, at seconds: Double, applicant: String)
                -> Submission
            {
                let base = Fixtures.submission(tenant, flow: flow, at: seconds)
                return Submission(
                    id: base.id, tenantID: base.tenantID, flowID: base.flowID, instanceCode: base.instanceCode,
                    applicant: applicant, status: base.status, lineItems: base.lineItems, attachments: [],
                    submittedAt: base.submittedAt, updatedAt: base.updatedAt)
            }
            let early = claim(tenant.id, flow.id, at: 0, applicant: ana)
            let later = claim(tenant.id, flow.id, at: 86400, applicant: ana)
            let someoneElse = claim(tenant.id, flow.id, at: 86400, applicant: LarkIDs.openID())
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.approvals.saveFlow(flow)
                for submission in [early, later, someoneElse] { try await scope.approvals.saveSubmission(submission) }
                let all = try await scope.approvals.submissions(SubmissionQuery(applicant: ana))
                #expect(Set(all.map(\.id)) == [early.id, later.id])
                let recent = try await scope.approvals.submissions(
                    SubmissionQuery(submittedFrom: Fixtures.epoch.addingTimeInterval(3600), applicant: ana))
                #expect(recent.map(\.id) == [later.id])
            }
            try await test.storage.withTenant(other.id) { scope async throws in
                try await scope.approvals.saveFlow(otherFlow)
                try await scope.approvals.saveSubmission(claim(other.id, otherFlow.id, at: 0, applicant: ana))
                #expect(try await scope.approvals.submissions(SubmissionQuery(applicant: ana)).count == 1)
            }
        }
    }
}
