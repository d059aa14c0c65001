import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("EventInbox contract")
struct EventInboxContract {
    @Test("An event is stored once; a repeat is reported as a duplicate", arguments: StoreKind.allCases)
    func dedup(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let event = InboxEvent(
                tenantID: tenant.id, eventID: LarkIDs.stable(.eventID, "evt-1"), type: "approval_instance",
                approvalCode: LarkIDs.stable(.uuid, "A1"), instanceCode: LarkIDs.stable(.uuid, "I1"), status: "PENDING",
                receivedAt: Fixtures.epoch)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                #expect(try await scope.inbox.insertIfAbsent(event))
                #expect(try await !scope.inbox.insertIfAbsent(event))
                #expect(try await scope.inbox.event(id: LarkIDs.stable(.eventID, "evt-1")) == event)
            }
        }
    }

    @Test(
        "A batch stores what is new: an id already stored or repeated in the batch is stored once, another tenant's event refused",
        arguments: StoreKind.allCases)
    func batch(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            @Sendable func event(_ id: String, tenant: TenantID, status: String = "PENDING") -> InboxEvent {
                InboxEvent(
                    tenantID: tenant, eventID: id, type: "approval_instance", approvalCode: LarkIDs.approvalCode(),
                    instanceCode: LarkIDs.instanceCode(), status: status, receivedAt: Fixtures.epoch)
            }
            let ids = (0..<4).map { _ in LarkIDs.eventID() }
            try await test.storage.withTenant(tenant.id) { scope async throws in
                #expect(try await scope.inbox.insertIfAbsent(event(ids[0], tenant: tenant.id)))
                let stored = try await scope.inbox.insertIfAbsent([
                    event(ids[0], tenant: tenant.id), event(ids[1], tenant: tenant.id, status: "first"),
                    event(ids[2], tenant: tenant.id), event(ids[1], tenant: tenant.id, status: "second"),
                ])
                #expect(stored == [ids[1], ids[2]])
                #expect(try await scope.inbox.event(id: ids[1])?.status == "first")
                #expect(try await scope.inbox.insertIfAbsent([InboxEvent]()).isEmpty)
                await #expect(throws: StoreError.tenantMismatch) {
                    try await scope.inbox.insertIfAbsent([
                        event(ids[3], tenant: tenant.id), event(ids[3], tenant: other.id),
                    ])
                }
            }
            // The same ids are another tenant's to store.
            let foreign = try await test.storage.withTenant(other.id) {
                try await $0.inbox.insertIfAbsent([event(ids[1], tenant: other.id), event(ids[3], tenant: other.id)])
            }
            #expect(foreign == [ids[1], ids[3]])
        }
    }

    @Test(
        "Recording a batch stores what is new and enqueues the jobs of the events stored now: one per kind and subject, the earlier event's; none beside a waiting one",
        arguments: StoreKind.allCases)
    func recordWithJobs(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let tenantID = tenant.id
            @Sendable func event(_ id: String, status: String = "PENDING") -> InboxEvent {
                InboxEvent(
                    tenantID: tenantID, eventID: id, type: "approval_instance", approvalCode: LarkIDs.approvalCode(),
                    instanceCode: LarkIDs.instanceCode(), status: status, receivedAt: Fixtures.epoch)
            }
            @Sendable func job(_ subject: String, _ kind: Job.Kind = .processInstance, tenant: TenantID? = nil) -> Job {
                Job(
                    id: Fixtures.randomness.timeOrderedIdentifier(at: Fixtures.epoch), tenantID: tenant ?? tenantID,
                    kind: kind, subject: subject, maxAttempts: 7, runAt: Fixtures.time(30), createdAt: Fixtures.time(1))
            }
            // `later` sorts before `earlier`, so an implementation keeping the first by id fails.
            let ids = (0..<5).map { _ in LarkIDs.eventID() }
            let earlier = "f" + LarkIDs.eventID().dropFirst()
            let later = "0" + LarkIDs.eventID().dropFirst()
            let (instanceA, instanceB, instanceC) = (
                LarkIDs.instanceCode(), LarkIDs.instanceCode(), LarkIDs.instanceCode()
            )
            let jobs: [String: Job] = [
                ids[0]: job(instanceB),  // its event is already stored
                earlier: job(instanceA), later: job(instanceA),  // one kind and subject: the earlier event's
                ids[1]: job(instanceA, .instanceStatusChanged),  // another kind of the same subject
                ids[2]: job(instanceC),  // one is waiting already
                ids[3]: job(instanceB),
            ]
            try await test.storage.withTenant(tenant.id) { scope async throws in
                #expect(try await scope.inbox.insertIfAbsent(event(ids[0])))
                let waiting = Fixtures.job(tenant.id, subject: instanceC)
                #expect(try await scope.scheduler.enqueue(waiting))
                let recorded = try await scope.record(
                    [
                        event(ids[0]), event(earlier), event(ids[1], status: "first"), event(later), event(ids[2]),
                        event(ids[3]), event(ids[1], status: "second"), event(ids[4]),
                    ], jobs: jobs)
                #expect(recorded.stored == [earlier, later, ids[1], ids[2], ids[3], ids[4]])
                let expected = [earlier, ids[1], ids[3]].compactMap { jobs[$0] }
                #expect(recorded.enqueued == Set(expected.map(\.id)))
                for stored in expected { #expect(try await scope.scheduler.job(stored.id) == stored) }
                for absent in [ids[0], later, ids[2]] {
                    #expect(try await scope.scheduler.job(try #require(jobs[absent]).id) == nil)
                }
                #expect(try await scope.inbox.event(id: ids[1])?.status == "first")
                #expect(
                    Set(try await scope.scheduler.jobs(in: .queued, limit: 10).map(\.id))
                        == Set(expected.map(\.id) + [waiting.id]))

                let quiet = (0..<2).map { _ in LarkIDs.eventID() }
                let unmonitored = try await scope.record(quiet.map { event($0) }, jobs: [:])
                #expect(unmonitored == RecordedEvents(stored: Set(quiet), enqueued: []))
                #expect(try await scope.record([], jobs: [:]) == RecordedEvents(stored: [], enqueued: []))
                let foreign = LarkIDs.eventID()
                await #expect(throws: StoreError.tenantMismatch) {
                    try await scope.record([event(foreign)], jobs: [foreign: job(instanceB, tenant: other.id)])
                }
            }
        }
    }

    @Test("Of 24 concurrent inserts of one event id exactly one wins", arguments: StoreKind.allCases)
    func concurrentInserts(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let storage = test.storage
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        let event = InboxEvent(
                            tenantID: tenant.id, eventID: LarkIDs.stable(.eventID, "evt-race"), type: "approval_task",
                            status: "\(index)", receivedAt: Fixtures.epoch)
                        return try await storage.withTenant(tenant.id) { try await $0.inbox.insertIfAbsent(event) }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
        }
    }

    @Test("Purging removes only events received before the cutoff", arguments: StoreKind.allCases)
    func purge(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                for (index, seconds) in [0.0, 100, 200].enumerated() {
                    _ = try await scope.inbox.insertIfAbsent(
                        InboxEvent(
                            tenantID: tenant.id, eventID: LarkIDs.stable(.eventID, "e\(index)"), type: "t",
                            receivedAt: Fixtures.time(seconds)))
                }
                #expect(try await scope.inbox.purge(receivedBefore: Fixtures.time(150)) == 2)
                #expect(try await scope.inbox.event(id: LarkIDs.stable(.eventID, "e2")) != nil)
                #expect(try await scope.inbox.event(id: LarkIDs.stable(.eventID, "e0")) == nil)
            }
        }
    }

    @Test("An event and its job commit together or not at all", arguments: StoreKind.allCases)
    func atomicWithJob(kind: StoreKind) async throws {
        struct Crash: Error {}
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let event = InboxEvent(
                tenantID: tenant.id, eventID: LarkIDs.stable(.eventID, "evt-atomic"), type: "approval_instance",
                receivedAt: Fixtures.epoch)
            await #expect(throws: Crash.self) {
                try await test.storage.withTenant(tenant.id) { scope async throws in
                    _ = try await scope.inbox.insertIfAbsent(event)
                    _ = try await scope.scheduler.enqueue(Fixtures.job(tenant.id))
                    throw Crash()
                }
            }
            // Lark's retry of the same event is then accepted as new.
            #expect(try await test.storage.withTenant(tenant.id) { try await $0.inbox.insertIfAbsent(event) })
            #expect(
                try await test.storage.withTenant(tenant.id) { try await $0.scheduler.jobs(in: .queued, limit: 10) }
                    .isEmpty)
        }
    }
}
