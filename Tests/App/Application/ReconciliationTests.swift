import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Reconciliation sweep", .serialized)
struct ReconciliationTests {
    @Test("Pending instances Kopi never saw are queued once; seen, finished and old ones are not")
    func sweep() async throws {
        let server = try await FakeLarkServer.start()
        defer { Task { await server.stop() } }
        let harness = try await WebhookHarness.make()
        await server.state.register(harness.app)
        let now = Date()
        let (unseen, finished, seen, old) = (
            LarkIDs.instanceCode(), LarkIDs.instanceCode(), LarkIDs.instanceCode(), LarkIDs.instanceCode()
        )
        let approver = LarkIDs.openID()
        for (code, status, age) in [
            (unseen, "PENDING", 3600.0), (finished, "APPROVED", 3600), (seen, "PENDING", 7200),
            (old, "PENDING", 3 * 86400),
        ] {
            await server.state.addInstance(
                FakeInstance(
                    approvalCode: harness.flow.approvalCode, instanceCode: code, status: status,
                    applicantOpenID: LarkIDs.openID(),
                    startTime: now.addingTimeInterval(-age), form: [],
                    tasks: [FakeTask(id: LarkIDs.taskID(), approverOpenID: approver)]))
        }
        let submission = Submission(
            id: Identifier(UUID()), tenantID: harness.tenant.id, flowID: harness.flow.id, instanceCode: seen,
            applicant: LarkIDs.openID(),
            status: .pending, lineItems: [], attachments: [], submittedAt: now.addingTimeInterval(-7200), updatedAt: now
        )
        try await harness.storage.withTenant(harness.tenant.id) { scope in
            try await scope.approvals.saveSubmission(submission)
            try await scope.approvals.saveCard(
                CardMessage(
                    tenantID: harness.tenant.id, submissionID: submission.id, approver: approver,
                    messageID: LarkIDs.messageID(),
                    taskID: LarkIDs.taskID(), sentAt: now))
        }
        let sweep = ReconciliationSweep(
            services: TestServices.make(storage: harness.storage, larkBaseURL: server.baseURL))
        let first = await sweep.runAll()
        #expect(first == ReconciliationSweep.Report(flows: 1, listed: 3, enqueued: 1, resynced: 0, failures: 0))
        #expect(try await harness.queuedJobs().map(\.subject) == [unseen])
        let second = await sweep.runAll()
        #expect(second.enqueued == 0 && second.resynced == 0 && second.failures == 0)
    }

    @Test(
        "The sweep reconciles state: a missed final status, a missed later-level task and a task decided in Lark's app are synchronised"
    )
    func reconcilesState() async throws {
        let world = try await PipelineWorld.make(laterLevels: [
            [FakeTask(id: LarkIDs.taskID(), approverOpenID: LarkIDs.openID())]
        ])
        try await world.push(world.instanceEvent())
        await world.drain()
        #expect(await world.lark.state.sentCards.count == 1)
        // Lark moves on without telling Kopi: level 1 approved in Lark's app, level 2 pending.
        await world.lark.state.setTaskStatus("APPROVED", task: world.taskID, of: world.instanceCode)
        let next = try #require(await world.lark.state.instances[world.instanceCode]?.laterLevels.first?.first)
        await world.lark.state.addInstance(
            try #require(await world.lark.state.instances[world.instanceCode]).with(tasks: [next]))
        let sweep = ReconciliationSweep(services: world.services)
        let report = await sweep.runAll()
        #expect(report.resynced == 1 && report.enqueued == 0 && report.failures == 0)
        await world.drain()
        let cards = await world.lark.state.sentCards
        #expect(cards.map(\.receiverOpenID) == [world.approver, next.approverOpenID], "the later approver got a card")
        #expect(try await world.currentCard().contains("Approved in Lark"), "the first approver's card is closed")
        #expect(await world.ai.state.requests.count == 1, "no second AI call")
        // Then the instance ends in Lark and the event is lost: the next sweep finalises the open card.
        await world.lark.state.setStatus("REJECTED", of: world.instanceCode)
        await world.lark.state.setTaskStatus("REJECTED", task: next.id, of: world.instanceCode)
        #expect(await sweep.runAll().resynced == 1)
        await world.drain()
        #expect(try await world.submission()?.status == .rejected)
        #expect(try await world.currentCard(of: next.approverOpenID).contains("Final outcome: Rejected"))
        #expect(
            await sweep.runAll()
                == ReconciliationSweep.Report(flows: 1, listed: 1, enqueued: 0, resynced: 0, failures: 0), "settled")
        await world.stop()
    }

    @Test(
        "Instances sharing one database sweep one at a time (a lease), on every backend", arguments: AppBackend.allCases
    )
    func oneAtATime(backend: AppBackend) async throws {
        let storage = try await backend.makeStorage()
        let services = TestServices.make(storage: storage)
        var first = ReconciliationSweep(services: services)
        first.owner = "instance-a"
        var second = ReconciliationSweep(services: services)
        second.owner = "instance-b"
        let leases = storage.leases
        #expect(try await leases.acquire(ReconciliationSweep.leaseName, owner: "instance-a", for: 60, now: Date()))
        #expect(await second.runAll().skipped, "the other instance holds the lease")
        try await leases.release(ReconciliationSweep.leaseName, owner: "instance-a")
        #expect(await second.runAll().skipped == false)
        #expect(await first.runAll().skipped == false, "released after each run")
    }

    @Test("A tenant whose Lark fails is reported, and the others still swept")
    func failures() async throws {
        let harness = try await WebhookHarness.make()
        let report = await ReconciliationSweep(
            services: TestServices.make(storage: harness.storage, larkBaseURL: "http://127.0.0.1:9")
        ).runAll()
        #expect(report.flows == 1 && report.failures == 1 && report.enqueued == 0)
    }
}

extension FakeInstance {
    func with(tasks more: [FakeTask]) -> FakeInstance {
        var copy = self
        copy.tasks += more
        copy.laterLevels = Array(copy.laterLevels.dropFirst())
        return copy
    }
}
