import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("ApprovalStore contract: verdicts and report rows")
struct ApprovalStoreReportContract {
    @Test("Verdicts are the latest check's, only for checked submissions of this tenant", arguments: StoreKind.allCases)
    func verdicts(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let flow = Fixtures.flow(tenant.id)
            let checked = Fixtures.submission(tenant.id, flow: flow.id, instance: "I-1")
            let unchecked = Fixtures.submission(tenant.id, flow: flow.id, instance: "I-2")
            try await test.storage.withTenant(tenant.id) { scope in
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(checked)
                try await scope.approvals.saveSubmission(unchecked)
                let red = Finding(.policyCapExceeded, severity: .red, message: "x")
                try await scope.approvals.saveCheck(
                    Check(
                        id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: checked.id,
                        findings: [red], checkedAt: Fixtures.time(10)))
                try await scope.approvals.saveCheck(
                    Check(
                        id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: checked.id,
                        findings: [], checkedAt: Fixtures.time(20)))
                #expect(try await scope.approvals.verdicts(of: [checked.id, unchecked.id]) == [checked.id: .green])
                #expect(try await scope.approvals.verdicts(of: []).isEmpty)
            }
            let foreign = try await test.storage.withTenant(other.id) {
                try await $0.approvals.verdicts(of: [checked.id])
            }
            #expect(foreign.isEmpty)
        }
    }

    @Test(
        "Report rows: period, latest check, first card, latest decision and who made it", arguments: StoreKind.allCases)
    func reportRows(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let flow = Fixtures.flow(tenant.id)
            let inside = Fixtures.submission(tenant.id, flow: flow.id, instance: "IN", at: 100)
            let outside = Fixtures.submission(tenant.id, flow: flow.id, instance: "OUT", at: 5000)
            let finding = Finding(.memoryKnownPattern, severity: .green, message: "known")
            let first = LarkIDs.openID()
            try await test.storage.withTenant(tenant.id) { scope in
                let approvals = scope.approvals
                try await approvals.saveFlow(flow)
                try await approvals.saveSubmission(inside)
                try await approvals.saveSubmission(outside)
                try await approvals.saveCheck(
                    Check(
                        id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: inside.id,
                        findings: [finding], checkedAt: Fixtures.time(110)))
                try await approvals.saveCard(
                    CardMessage(
                        tenantID: tenant.id, submissionID: inside.id, approver: LarkIDs.openID(),
                        messageID: LarkIDs.messageID(), taskID: LarkIDs.taskID(), sentAt: Fixtures.time(160)))
                try await approvals.saveCard(
                    CardMessage(
                        tenantID: tenant.id, submissionID: inside.id, approver: first, messageID: LarkIDs.messageID(),
                        taskID: LarkIDs.taskID(), sentAt: Fixtures.time(130)))
                try await approvals.saveDecision(
                    Decision(
                        id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: inside.id,
                        approver: first, outcome: .askForInfo, decidedAt: Fixtures.time(200)))
                try await approvals.saveDecision(
                    Decision(
                        id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: inside.id,
                        approver: Decision.kopiApprover, outcome: .approve, decidedAt: Fixtures.time(300)))
            }
            let rows = try await test.storage.withTenant(tenant.id) {
                try await $0.approvals.reportRows(from: Fixtures.time(0), to: Fixtures.time(1000), limit: 100)
            }
            #expect(
                rows == [
                    ReportRow(
                        submissionID: inside.id, submittedAt: Fixtures.time(100), findings: [ReportRow.Flag(finding)],
                        firstCardAt: Fixtures.time(130), decision: .approve, decidedByKopi: true,
                        decidedAt: Fixtures.time(300))
                ])
            let unchecked = try await test.storage.withTenant(tenant.id) {
                try await $0.approvals.reportRows(from: Fixtures.time(1000), to: Fixtures.time(9000), limit: 100)
            }
            #expect(
                unchecked.map(\.submissionID) == [outside.id] && unchecked.first?.findings == nil
                    && unchecked.first?.decision == nil)
            #expect(
                try await test.storage.withTenant(other.id) {
                    try await $0.approvals.reportRows(from: Fixtures.time(0), to: Fixtures.time(9000), limit: 100)
                }.isEmpty)
        }
    }
}
