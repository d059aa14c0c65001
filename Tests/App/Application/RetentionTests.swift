import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Application

@Suite("Retention purge")
struct RetentionTests {
    @Test(
        "Old inbox events of every workspace, old finished jobs and expired sign-ins go; recent ones, dead and waiting jobs stay",
        arguments: AppBackend.allCases)
    func purge(backend: AppBackend) async throws {
        let storage = try await backend.makeStorage()
        let clock = ManualClock()
        let start = clock.now()
        let (first, owner) = try await workspace(in: storage)
        let (second, _) = try await workspace(in: storage)
        // Four days of pushes, one a day, in both workspaces; one job per push.
        var events: [TenantID: [String]] = [:]
        for tenant in [first, second] {
            for day in 0..<4 {
                let at = start.addingTimeInterval(Double(day) * 86400)
                let (code, eventID) = (LarkIDs.instanceCode(), LarkIDs.eventID())
                events[tenant, default: []].append(eventID)
                try await storage.withTenant(tenant) { scope in
                    _ = try await scope.inbox.insertIfAbsent(
                        InboxEvent(
                            tenantID: tenant, eventID: eventID, type: "approval_instance",
                            instanceCode: code, receivedAt: at))
                    _ = try await scope.scheduler.enqueue(
                        Job(
                            id: SystemRandomness().identifier(), tenantID: tenant, kind: .processInstance,
                            subject: code,
                            maxAttempts: 1, runAt: at, createdAt: at))
                }
            }
        }
        // Of the eight jobs: six done (finished on their day), one dead, one still queued.
        for index in 0..<7 {
            let claimedAt = start.addingTimeInterval(Double(index / 2) * 86400 + 60)
            let job = try #require(try await storage.jobs.claim(worker: "w", lease: .seconds(60), now: claimedAt))
            if index == 0 {
                _ = try await storage.jobs.fail(
                    job.id, worker: "w", errorCode: "lark.refused", retryAt: nil, now: claimedAt)
            } else {
                try await storage.jobs.complete(job.id, worker: "w", now: claimedAt)
            }
        }
        try await storage.auth.insertSession(
            Session(
                idHash: SystemRandomness().bytes(32), userID: owner, activeTenantID: nil, createdAt: start,
                lastSeenAt: start))
        // A sign-in limit's window that ended, and one still counting.
        _ = try await storage.rateLimits.hit("ended", period: 60, now: start)
        _ = try await storage.rateLimits.hit("counting", period: 30 * 86400, now: start)

        clock.advance(11 * 86400)
        var sweep = RetentionSweep(services: TestServices.make(storage: storage, clock: clock))
        sweep.inboxRetention = 9 * 86400  // events before day 2 go: days 0 and 1
        sweep.finishedJobRetention = 9.5 * 86400  // jobs finished before day 1.5 go: three of them
        let report = await sweep.run()
        #expect(report == RetentionSweep.Report(inboxEvents: 4, jobs: 3, signIns: 2))
        #expect(try await storage.rateLimits.hit("counting", period: 30 * 86400, now: clock.now()) == 2)
        #expect(try await storage.jobs.counts() == [.done: 3, .dead: 1, .queued: 1])
        for (tenant, ids) in events {
            let kept = try await storage.withTenant(tenant) { scope in
                var kept: [Bool] = []
                for id in ids { kept.append(try await scope.inbox.event(id: id) != nil) }
                return kept
            }
            #expect(kept == [false, false, true, true])
        }
        #expect(await sweep.run() == RetentionSweep.Report())

        // Another instance holding the lease: this one skips and deletes nothing.
        _ = try await storage.leases.acquire(
            RetentionSweep.leaseName, owner: "other", for: 90 * 86400, now: clock.now())
        clock.advance(30 * 86400)
        #expect(await sweep.run().skipped)
        #expect(try await storage.jobs.counts() == [.done: 3, .dead: 1, .queued: 1])
        await (storage as? SQLStorage)?.close()
    }

    private func workspace(in storage: any Storage) async throws -> (TenantID, UserID) {
        let randomness = SystemRandomness()
        let owner = User(id: UserID(UUID()), email: EmailAddress("owner-\(UUID())@acme.example")!, createdAt: Date())
        try await storage.directory.createUser(owner)
        let tenant = Tenant(
            id: randomness.identifier(), name: "Acme", larkDomain: .lark, endpointID: randomness.endpointID(),
            createdAt: Date())
        try await storage.directory.createWorkspace(tenant, owner: owner.id)
        return (tenant.id, owner.id)
    }

    @Test(
        "A workspace that keeps 30 days of history loses its older decided claims; one that keeps everything loses nothing",
        arguments: AppBackend.allCases)
    func workspaceHistory(backend: AppBackend) async throws {
        let storage = try await backend.makeStorage()
        let clock = ManualClock()
        let (limited, _) = try await workspace(in: storage)
        let (forever, _) = try await workspace(in: storage)
        var claims: [TenantID: [SubmissionID]] = [:]
        for tenant in [limited, forever] {
            let flow = MonitoredFlow(
                id: SystemRandomness().identifier(), tenantID: tenant, approvalCode: LarkIDs.approvalCode(),
                name: "Expenses", mapping: FormFieldMapping(amount: "w1"), subscribed: true, createdAt: clock.now())
            let now = clock.now()
            let seeded = [(45.0, SubmissionStatus.approved), (45, .pending), (10, .rejected)].map { age, status in
                let at = now.addingTimeInterval(-age * 86400)
                return Submission(
                    id: SystemRandomness().identifier(), tenantID: tenant, flowID: flow.id,
                    instanceCode: LarkIDs.instanceCode(), applicant: LarkIDs.openID(), status: status,
                    lineItems: [], attachments: [], submittedAt: at, updatedAt: at)
            }
            claims[tenant] = seeded.map(\.id)
            try await storage.withTenant(tenant) { scope in
                try await scope.approvals.saveFlow(flow)
                if tenant == limited { try await scope.tenant.savePolicy(PolicySettings(retentionDays: 30)) }
                for claim in seeded { try await scope.approvals.saveSubmission(claim) }
            }
        }
        let report = await RetentionSweep(services: TestServices.make(storage: storage, clock: clock)).run()
        #expect(report.submissions == 1 && report.failures == 0)
        for (tenant, ids) in claims {
            let kept = try await storage.withTenant(tenant) { scope in
                var kept: [Bool] = []
                for id in ids { kept.append(try await scope.approvals.submission(id) != nil) }
                return kept
            }
            #expect(kept == (tenant == limited ? [false, true, true] : [true, true, true]))
        }
        await (storage as? SQLStorage)?.close()
    }
}
