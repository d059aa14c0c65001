@testable import App
import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("Reconciliation sweep")
struct ReconciliationTests {
    @Test("Pending instances Kopi never saw are queued once; seen, finished and old ones are not")
    func sweep() async throws {
        let server = try await FakeLarkServer.start()
        defer { Task { await server.stop() } }
        let harness = try await WebhookHarness.make()
        await server.state.register(harness.app)
        let now = Date()
        for (code, status, age) in [("INST-A", "PENDING", 3600.0), ("INST-B", "APPROVED", 3600), ("INST-C", "PENDING", 7200), ("INST-OLD", "PENDING", 3 * 86400)] {
            await server.state.addInstance(FakeInstance(
                approvalCode: "DEF-1", instanceCode: code, status: status, applicantOpenID: "ou_a", startTime: now.addingTimeInterval(-age),
                form: [], tasks: [FakeTask(id: "t-\(code)", approverOpenID: "ou_boss")]))
        }
        let flow = MonitoredFlow(
            id: Identifier(UUID()), tenantID: harness.tenant.id, approvalCode: "DEF-1", name: "Travel", mapping: FormFieldMapping(amount: "a"),
            subscribed: true, createdAt: now)
        try await harness.storage.withTenant(harness.tenant.id) { scope in
            try await scope.approvals.saveFlow(flow)
            try await scope.approvals.saveSubmission(Submission(
                id: Identifier(UUID()), tenantID: harness.tenant.id, flowID: flow.id, instanceCode: "INST-C", applicant: "ou_a",
                status: .pending, lineItems: [], attachments: [], submittedAt: now, updatedAt: now))
        }
        let sweep = ReconciliationSweep(services: TestServices.make(storage: harness.storage, larkBaseURL: server.baseURL))
        let first = await sweep.runAll()
        #expect(first == ReconciliationSweep.Report(flows: 1, listed: 3, enqueued: 1, failures: 0))
        #expect(try await harness.queuedJobs().map(\.subject) == ["INST-A"])
        let second = await sweep.runAll()
        #expect(second.enqueued == 0 && second.failures == 0)
    }

    @Test("A tenant whose Lark fails is reported, and the others still swept")
    func failures() async throws {
        let harness = try await WebhookHarness.make()
        let flow = MonitoredFlow(
            id: Identifier(UUID()), tenantID: harness.tenant.id, approvalCode: "DEF-1", name: "Travel", mapping: FormFieldMapping(amount: "a"),
            subscribed: true, createdAt: Date())
        try await harness.storage.withTenant(harness.tenant.id) { try await $0.approvals.saveFlow(flow) }
        let report = await ReconciliationSweep(services: TestServices.make(storage: harness.storage, larkBaseURL: "http://127.0.0.1:9")).runAll()
        #expect(report.flows == 1 && report.failures == 1 && report.enqueued == 0)
    }
}
