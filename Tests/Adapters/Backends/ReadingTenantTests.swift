import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

@testable import Adapters

/// Reads beside writes: on SQLite a reader connection, on Postgres a READ ONLY transaction from
/// the pool. A long read (the year's report) must not hold up the webhook's writes.
@Suite("Reading a tenant beside its writes")
struct ReadingTenantTests {
    static func flow(_ tenant: TenantID) -> MonitoredFlow {
        MonitoredFlow(
            id: Fixtures.randomness.identifier(), tenantID: tenant, approvalCode: LarkIDs.approvalCode(), name: "Meals",
            mapping: FormFieldMapping(amount: "w-amount"), subscribed: true, createdAt: Fixtures.epoch)
    }

    @Test(
        "A read runs while a write transaction is open, sees only what was committed, and cannot write",
        arguments: [StoreKind.sqlite, .postgres])
    func besideWrites(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let storage = test.storage
            let committed = Self.flow(tenant.id)
            try await storage.withTenant(tenant.id) { try await $0.approvals.saveFlow(committed) }
            let pending = Self.flow(tenant.id)
            let (written, mayCommit) = (AsyncStream<Void>.makeStream(), AsyncStream<Void>.makeStream())
            let writer = Task {
                try await storage.withTenant(tenant.id) { scope in
                    try await scope.approvals.saveFlow(pending)
                    written.continuation.yield()
                    for await _ in mayCommit.stream { break }
                }
            }
            for await _ in written.stream { break }
            // The writer holds its transaction (on SQLite, the one write connection) open. A read
            // that waited for it would wait for ever: it is given ten seconds.
            let done = Flag()
            let reader = Task {
                defer { done.raise() }
                return try await storage.readingTenant(tenant.id) { try await $0.approvals.flows().map(\.id) }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while !done.isRaised && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            #expect(done.isRaised, "the read did not wait for the writer")
            mayCommit.continuation.yield()
            #expect(try await reader.value == [committed.id], "the uncommitted flow is not seen")
            await #expect(throws: (any Error).self) {
                try await storage.readingTenant(tenant.id) { try await $0.approvals.saveFlow(Self.flow(tenant.id)) }
            }
            try await writer.value
            let after = try await storage.readingTenant(tenant.id) { try await $0.approvals.flows().map(\.id) }
            #expect(Set(after) == [committed.id, pending.id])
        }
    }

    final class Flag: Sendable {
        private let state = Mutex(false)
        func raise() { state.withLock { $0 = true } }
        var isRaised: Bool { state.withLock { $0 } }
    }

    @Test("SQLite opens readers as reads overlap, never more than its capacity, and closes them")
    func readerCapacity() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try await SQLiteDatabase.open(
            path: folder.appendingPathComponent("kopi.db").path, busyTimeoutMilliseconds: 1000)
        try await database.transaction { session in
            try await session.execute("CREATE TABLE numbers (n INTEGER)", [])
            try await session.execute("INSERT INTO numbers VALUES (1), (2), (3)", [])
        }
        final class Overlap: Sendable {
            let state = Mutex((now: 0, most: 0))
        }
        let overlap = Overlap()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await database.read(tenant: nil, user: nil) { session in
                        overlap.state.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        // Held until as many reads as readers are in at once (at most ten seconds).
                        let deadline = ContinuousClock.now + .seconds(10)
                        while overlap.state.withLock({ $0.most }) < database.readers.capacity,
                            ContinuousClock.now < deadline
                        {
                            try await Task.sleep(for: .milliseconds(2))
                        }
                        overlap.state.withLock { $0.now -= 1 }
                        let row = try await session.query("SELECT SUM(n) AS total FROM numbers", []).first
                        return Int(try row?.integer("total") ?? 0)
                    }
                }
            }
            for try await total in group { #expect(total == 6) }
        }
        #expect(database.readers.opened == database.readers.capacity)
        #expect(overlap.state.withLock { $0.most } == database.readers.capacity, "reads overlapped up to the capacity")
        await database.close()
        await #expect(throws: StoreError.self) {
            try await database.read(tenant: nil, user: nil) { try await $0.query("SELECT 1 AS one", []) }
        }
    }
}
