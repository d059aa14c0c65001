import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

@testable import Application

/// The webhook's hot path under load: pushes of one workspace share a transaction (group commit)
/// and are authenticated with push keys kept in memory, never the App Secret.
@Suite("Intake: group commit, the push-key cache, the watched-flow cache and the recent event ids")
struct IntakeTests {
    struct Refused: Error {}

    /// A latch a test opens once.
    final class Latch: Sendable {
        private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
        func wait() async {
            await withCheckedContinuation { continuation in
                let open = state.withLock { state in
                    if !state.open { state.waiters.append(continuation) }
                    return state.open
                }
                if open { continuation.resume() }
            }
        }
        func open() {
            let waiters = state.withLock { state in
                state.open = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    static func event(_ id: String) -> LarkEvent {
        LarkEvent(
            id: id, type: "approval_instance", token: LarkIDs.secret(), createdAt: Date(),
            approvalCode: LarkIDs.approvalCode(), instanceCode: LarkIDs.instanceCode(), status: "PENDING",
            operateTime: Date(), operatorOpenID: nil)
    }

    @Test("Pushes arriving while a transaction is written share the next one; one bad event fails only itself")
    func groupCommit() async throws {
        let harness = try await WebhookHarness.make()
        let commit = IntakeGroupCommit()
        let batches = Mutex<[Int]>([])
        let firstMayCommit = Latch()
        let bad = LarkIDs.eventID()
        let write: @Sendable ([(LarkEvent, Date)], any TenantScope) async throws -> [LarkPushIntake.Outcome] = {
            items, _ in
            let number = batches.withLock {
                $0.append(items.count)
                return $0.count
            }
            if number == 1 { await firstMayCommit.wait() }
            if items.contains(where: { $0.0.id == bad }) { throw Refused() }
            return items.map { .stored($0.0, inserted: true, monitored: false) }
        }
        func push(_ id: String) async -> Bool {
            (try? await commit.record(
                Self.event(id), tenant: harness.tenant.id, receivedAt: Date(), storage: harness.storage, write: write))
                != nil
        }
        let first = Task { await push(LarkIDs.eventID()) }
        while batches.withLock({ $0.count }) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let ids = (0..<9).map { _ in LarkIDs.eventID() } + [bad]
        let rest = ids.map { id in Task { await push(id) } }
        while commit.waiting(harness.tenant.id) < ids.count { try await Task.sleep(for: .milliseconds(5)) }
        #expect(batches.withLock { $0 } == [1], "nothing answered before its transaction")
        firstMayCommit.open()
        #expect(await first.value)
        var answers: [Bool] = []
        for task in rest { answers.append(await task.value) }
        #expect(answers == Array(repeating: true, count: 9) + [false])
        #expect(
            batches.withLock { $0 } == [1, 10] + Array(repeating: 1, count: 10),
            "the ten waiting pushes were written together, then, the shared transaction failing, one by one")
        #expect(commit.waiting(harness.tenant.id) == 0)
    }

    @Test("With several writers per tenant, that many transactions overlap and the rest wait for the next")
    func overlappingWriters() async throws {
        // Postgres: the storage itself lets transactions overlap.
        let harness = try await WebhookHarness.make(storage: try await AppBackend.postgres.makeStorage())
        let commit = IntakeGroupCommit(writersPerTenant: 2)
        let batches = Mutex<[Int]>([])
        let mayCommit = Latch()
        let write: @Sendable ([(LarkEvent, Date)], any TenantScope) async throws -> [LarkPushIntake.Outcome] = {
            items, _ in
            batches.withLock { $0.append(items.count) }
            await mayCommit.wait()
            return items.map { .stored($0.0, inserted: true, monitored: false) }
        }
        @Sendable func push() async throws -> LarkPushIntake.Outcome {
            try await commit.record(
                Self.event(LarkIDs.eventID()), tenant: harness.tenant.id, receivedAt: Date(),
                storage: harness.storage, write: write)
        }
        var pushes: [Task<LarkPushIntake.Outcome, any Error>] = []
        for open in 1...2 {
            pushes.append(Task { try await push() })
            while batches.withLock({ $0.count }) < open { try await Task.sleep(for: .milliseconds(5)) }
        }
        pushes += (0..<3).map { _ in Task { try await push() } }
        while commit.waiting(harness.tenant.id) < 3 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(batches.withLock { $0 } == [1, 1], "two transactions at once, never a third")
        mayCommit.open()
        for push in pushes { _ = try await push.value }
        #expect(batches.withLock { $0.reduce(0, +) } == 5 && batches.withLock { $0.count } <= 4)
        #expect(commit.waiting(harness.tenant.id) == 0)
    }

    @Test(
        "Pushes through the webhook under load: every one stored once, its job enqueued, duplicates answered; on Postgres several transactions at once",
        arguments: [(AppBackend.sqlite, 1), (.postgres, 4)])
    func concurrentWebhook(backend: AppBackend, writers: Int) async throws {
        let harness = try await WebhookHarness.make(storage: try await backend.makeStorage())
        var services = TestServices.make(storage: harness.storage)
        services.intakeGroupCommit = IntakeGroupCommit(writersPerTenant: writers)
        try await harness.serve(services: services) { base in
            let deliveries = (0..<40).map { index in
                FakeLarkPusher.delivery(
                    FakeLarkPayloads.approvalInstance(
                        app: harness.app, eventID: LarkIDs.stable(.eventID, "load-\(index)"),
                        approvalCode: harness.flow.approvalCode, instanceCode: LarkIDs.stable(.uuid, "load-\(index)"),
                        status: "PENDING"), app: harness.app)
            }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for delivery in deliveries + deliveries.prefix(10) {
                    // Fifty clients on a loaded CI machine: the test is about what is stored, so a
                    // push may take long (the full suite has stalled this one for ~10 s twice).
                    group.addTask { try await harness.send(delivery, to: harness.url(base), timeout: .seconds(45)).0 }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 } && statuses.count == 50)
        }
        #expect(try await harness.queuedJobs().count == 40)
        for index in [0, 17, 39] {
            #expect(try await harness.inboxEvent(LarkIDs.stable(.eventID, "load-\(index)")) != nil)
        }
    }

    @Test("Keys rotated through another process are read afresh; the old keys are then refused")
    func rotatedKeys() async throws {
        let harness = try await WebhookHarness.make()
        let services = TestServices.make(storage: harness.storage)
        @Sendable func push(_ app: FakeApp, _ base: String) async throws -> Int {
            let payload = FakeLarkPayloads.approvalInstance(
                app: app, eventID: LarkIDs.eventID(), approvalCode: harness.flow.approvalCode,
                instanceCode: LarkIDs.instanceCode(), status: "PENDING")
            return try await harness.send(FakeLarkPusher.delivery(payload, app: app), to: harness.url(base)).0
        }
        let rotated = WebhookHarness.newApp()
        try await harness.serve(services: services) { base in
            #expect(try await push(harness.app, base) == 200)
            #expect(services.pushKeys.entry(harness.tenant.endpointID) != nil, "the keys are kept after a push")
            // Another process saves new keys: this one's memory still has the old ones.
            try await harness.storage.withTenant(harness.tenant.id) { scope in
                try await scope.tenant.saveLarkConnection(
                    LarkConnection(
                        tenantID: harness.tenant.id, appID: harness.app.appID, appSecret: Secret(rotated.appSecret),
                        encryptKey: Secret(rotated.encryptKey), verificationToken: Secret(rotated.verificationToken),
                        updatedAt: Date()))
            }
            #expect(try await push(rotated, base) == 200)
            #expect(try await push(harness.app, base) == 401)
        }
    }

    @Test("The cache holds push keys only, for a bounded time and number; a tenant's entry can be dropped")
    func cache() async throws {
        let keys = LarkPushKeys(encryptKey: Secret(LarkIDs.secret()), verificationToken: Secret(LarkIDs.secret()))
        let randomness = SystemRandomness()
        let short = PushKeyCache(timeToLive: .milliseconds(50), capacity: 4)
        let endpoint = randomness.endpointID()
        let tenant = randomness.identifier() as TenantID
        short.store(endpoint, tenantID: tenant, keys: keys)
        #expect(short.entry(endpoint)?.keys == keys)
        try await Task.sleep(for: .milliseconds(80))
        #expect(short.entry(endpoint) == nil, "expired")

        let small = PushKeyCache(capacity: 4)
        let endpoints = (0..<6).map { _ in randomness.endpointID() }
        for endpoint in endpoints { small.store(endpoint, tenantID: randomness.identifier(), keys: keys) }
        #expect(small.count <= 4 && small.entry(endpoints[5]) != nil)
        small.store(endpoint, tenantID: tenant, keys: nil)
        small.forget(tenant: tenant)
        #expect(small.entry(endpoint) == nil)
    }

    /// An event of `code` for the harness's workspace, accepted in this process.
    static func accept(_ code: String, harness: WebhookHarness, services: AppServices) async throws -> Bool? {
        let event = LarkEvent(
            id: LarkIDs.eventID(), type: "approval_instance", token: LarkIDs.secret(), createdAt: Date(),
            approvalCode: code, instanceCode: LarkIDs.instanceCode(), status: "PENDING", operateTime: Date(),
            operatorOpenID: nil)
        guard
            case .stored(_, true, let monitored) = try await LarkPushIntake(services: services).accept(
                event, tenant: harness.tenant.id)
        else { return nil }
        return monitored
    }

    @Test(
        "Only watched codes are remembered: a flow added elsewhere is seen by the next push, one removed here at once")
    func watchedFlows() async throws {
        let harness = try await WebhookHarness.make()
        let services = TestServices.make(storage: harness.storage)
        let (tenant, cache) = (harness.tenant.id, services.watchedFlows)
        #expect(try await Self.accept(harness.flow.approvalCode, harness: harness, services: services) == true)
        #expect(cache.isWatched(harness.flow.approvalCode, tenant: tenant))
        #expect(!cache.isWatched(harness.flow.approvalCode, tenant: Identifier(UUID())), "another workspace's code")

        // A code not watched yet is not remembered as such: watching it (through another
        // process, straight into storage) takes effect with the next push.
        let later = LarkIDs.approvalCode()
        #expect(try await Self.accept(later, harness: harness, services: services) == false)
        #expect(!cache.isWatched(later, tenant: tenant) && cache.count == 1)
        try await harness.storage.withTenant(tenant) { scope in
            try await scope.approvals.saveFlow(
                MonitoredFlow(
                    id: Identifier(UUID()), tenantID: tenant, approvalCode: later, name: "Meals",
                    mapping: FormFieldMapping(amount: "w-amount"), subscribed: true, createdAt: Date()))
        }
        #expect(try await Self.accept(later, harness: harness, services: services) == true)
        #expect(try await harness.queuedJobs().count == 2)

        // Removed through this process: the workspace's codes are forgotten and read again.
        let admin = User(id: Identifier(UUID()), email: EmailAddress("admin@example.com")!, createdAt: Date())
        try await FlowService(services: services).remove(
            harness.flow.id,
            caller: Caller(user: admin, tenantID: tenant, role: .admin, memberships: [], sessionToken: "t"))
        #expect(cache.count == 0)
        #expect(try await Self.accept(harness.flow.approvalCode, harness: harness, services: services) == false)
        #expect(try await harness.queuedJobs().count == 2, "no job for the removed flow")
    }

    @Test("The watched-flow cache is bounded in time and size")
    func watchedFlowBounds() async throws {
        let tenant = Identifier(UUID()) as TenantID
        let short = MonitoredFlowCache(timeToLive: .milliseconds(50), capacity: 4)
        let code = LarkIDs.approvalCode()
        short.watched(code, tenant: tenant)
        #expect(short.isWatched(code, tenant: tenant))
        try await Task.sleep(for: .milliseconds(80))
        #expect(!short.isWatched(code, tenant: tenant), "expired")

        let small = MonitoredFlowCache(capacity: 4)
        let codes = (0..<6).map { _ in LarkIDs.approvalCode() }
        for code in codes { small.watched(code, tenant: tenant) }
        #expect(small.count <= 4 && small.isWatched(codes[5], tenant: tenant))
    }

    @Test(
        "A redelivered event is answered as a duplicate with no transaction, only once its first delivery committed; per workspace"
    )
    func redeliveries() async throws {
        let inner = InMemoryStorage(sealer: TestServices.sealer)
        let flaky = FlakyStorage(inner: inner, failures: 1)
        let harness = try await WebhookHarness.make(storage: inner).over(flaky)
        let services = TestServices.make(storage: flaky)
        let intake = LarkPushIntake(services: services)
        let event = LarkEvent(
            id: LarkIDs.eventID(), type: "approval_instance", token: LarkIDs.secret(), createdAt: Date(),
            approvalCode: harness.flow.approvalCode, instanceCode: LarkIDs.instanceCode(), status: "PENDING",
            operateTime: Date(), operatorOpenID: nil)

        await #expect(throws: StoreError.self) { try await intake.accept(event, tenant: harness.tenant.id) }
        #expect(services.recentEvents.count == 0, "a delivery whose transaction failed is not remembered")
        guard case .stored(_, true, true) = try await intake.accept(event, tenant: harness.tenant.id) else {
            Issue.record("Lark's second delivery is stored")
            return
        }
        #expect(services.recentEvents.contains(event.id, tenant: harness.tenant.id))

        // Retention prunes the inbox row: only memory can now tell the third delivery is a duplicate.
        _ = try await inner.withTenant(harness.tenant.id) { try await $0.inbox.purge(receivedBefore: .distantFuture) }
        let transactions = flaky.transactions
        guard case .stored(_, false, nil) = try await intake.accept(event, tenant: harness.tenant.id) else {
            Issue.record("the redelivery is a duplicate")
            return
        }
        #expect(flaky.transactions == transactions, "answered without a transaction")
        #expect(try await harness.inboxEvent(event.id) == nil)
        #expect(try await harness.queuedJobs().count == 1)

        // The same id pushed to another workspace is that workspace's first delivery.
        let other = try await WebhookHarness.make(storage: inner)
        let theirs = LarkEvent(
            id: event.id, type: event.type, token: LarkIDs.secret(), createdAt: Date(),
            approvalCode: other.flow.approvalCode, instanceCode: LarkIDs.instanceCode(), status: "PENDING",
            operateTime: Date(), operatorOpenID: nil)
        guard case .stored(_, true, true) = try await intake.accept(theirs, tenant: other.tenant.id) else {
            Issue.record("another workspace's event with the same id is stored")
            return
        }
        #expect(try await other.inboxEvent(event.id) != nil)
    }

    @Test("The recent event ids are bounded: two generations of half the capacity, the latest always kept")
    func recentEventBounds() {
        let (tenant, other) = (Identifier(UUID()) as TenantID, Identifier(UUID()) as TenantID)
        let recent = RecentEventIDs(capacity: 8)
        let ids = (0..<13).map { _ in LarkIDs.eventID() }
        for (index, id) in ids.enumerated() {
            recent.remember(id, tenant: tenant)
            #expect(recent.count <= 8)
            for latest in ids[max(0, index - 3)...index] { #expect(recent.contains(latest, tenant: tenant)) }
        }
        #expect(!recent.contains(ids[0], tenant: tenant), "the oldest generation was dropped")
        #expect(!recent.contains(ids[12], tenant: other), "per workspace")
        let count = recent.count
        recent.remember(ids[12], tenant: tenant)
        recent.remember(ids[9], tenant: tenant)
        #expect(recent.count == count, "remembering a remembered id again changes nothing")
    }

    @Test("Event ids are kept packed only when that is exact: lower-case 32-digit hex, anything else as text")
    func recentEventKeys() {
        let id = LarkIDs.eventID()
        #expect(RecentEventIDs.EventID(id) == RecentEventIDs.EventID(id))
        guard case .hex = RecentEventIDs.EventID(id) else {
            Issue.record("Lark's shape is packed")
            return
        }
        let near = [
            id.uppercased(), String(id.dropLast()), id + "0", "+" + id.dropFirst(), "e2-" + id,
            String(id.dropLast()) + "g", "",
        ]
        for other in near {
            #expect(RecentEventIDs.EventID(other) != RecentEventIDs.EventID(id), "\(other)")
            guard case .text(other) = RecentEventIDs.EventID(other) else {
                Issue.record("\(other) is kept as text")
                continue
            }
        }
        let recent = RecentEventIDs(capacity: 8)
        let tenant = Identifier(UUID()) as TenantID
        recent.remember(id, tenant: tenant)
        #expect(recent.contains(id, tenant: tenant) && !recent.contains(id.uppercased(), tenant: tenant))
    }
}
