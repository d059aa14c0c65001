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
