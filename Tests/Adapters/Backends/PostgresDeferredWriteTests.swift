import Domain
import Foundation
import Ports
import Testing

@testable import Adapters

@Suite("Postgres deferred writes")
struct PostgresDeferredWriteTests {
    private static let insert = "INSERT INTO deferred_writes VALUES ($1, $2)"
    private static let count = "SELECT count(*) AS n FROM deferred_writes WHERE note = $1"

    @Test("Deferred writes go out with the next statement or the COMMIT: a transaction of writes is one round trip")
    func oneRoundTrip() async throws {
        try await withDeferredProbe { connection, session in
            for round in 0..<2 {
                let note = "round-\(round)"
                let before = connection.roundTrips
                session.begin(settings: [("kopi.tenant_id", UUID().uuidString.lowercased())])
                for id in 0..<4 {
                    try await session.executeDeferred(Self.insert, [.integer(Int64(round * 10 + id)), .text(note)])
                }
                #expect(connection.roundTrips == before, "nothing sent yet")
                try await session.commit()
                if round == 1 {
                    #expect(connection.roundTrips - before == 1, "BEGIN, settings, four writes and COMMIT in one")
                }
                #expect(try await session.query(Self.count, [.text(note)]).first?.integer("n") == 4)
            }

            let before = connection.roundTrips
            session.begin(settings: [])
            try await session.executeDeferred(Self.insert, [.integer(100), .text("read-back")])
            let seen = try await session.query(Self.count, [.text("read-back")])
            #expect(try seen.first?.integer("n") == 1, "a read sees the writes deferred before it")
            try await session.executeDeferred(Self.insert, [.integer(101), .text("read-back")])
            try await session.commit()
            #expect(connection.roundTrips - before == 2, "the writes ride with the read and with the COMMIT")
            #expect(try await session.query(Self.count, [.text("read-back")]).first?.integer("n") == 2)
        }
    }

    @Test("A deferred write that fails fails its transaction: caught at the next statement, it still cannot commit")
    func failureFailsTheTransaction() async throws {
        try await withDeferredProbe { connection, session in
            session.begin(settings: [])
            try await session.executeDeferred(Self.insert, [.integer(1), .text("kept")])
            try await session.commit()

            session.begin(settings: [])
            try await session.executeDeferred(Self.insert, [.integer(2), .text("lost")])
            try await session.executeDeferred(Self.insert, [.integer(1), .text("lost")])
            try await session.executeDeferred(Self.insert, [.integer(3), .text("lost")])
            await #expect(throws: StoreError.duplicate, "the write's own failure, at the next statement") {
                _ = try await session.query(Self.count, [.text("kept")])
            }
            await #expect(throws: StoreError.duplicate, "every later statement fails with it") {
                try await session.execute(Self.insert, [.integer(4), .text("lost")])
            }
            await #expect(throws: StoreError.duplicate, "and the COMMIT") { try await session.commit() }
            #expect(await session.rollback())

            session.begin(settings: [])
            try await session.executeDeferred(Self.insert, [.integer(5), .text("after")])
            try await session.executeDeferred(Self.insert, [.integer(5), .text("after")])
            await #expect(throws: StoreError.duplicate, "a failure surfaces at the COMMIT too") {
                try await session.commit()
            }
            #expect(await session.rollback())
            #expect(!connection.isBroken)

            #expect(try await session.query(Self.count, [.text("lost")]).first?.integer("n") == 0)
            #expect(try await session.query(Self.count, [.text("after")]).first?.integer("n") == 0)
            #expect(try await session.query(Self.count, [.text("kept")]).first?.integer("n") == 1)
        }
    }

    @Test("Rolled back before anything was sent, deferred writes are dropped; outside a transaction one runs at once")
    func droppedAndImmediate() async throws {
        try await withDeferredProbe { connection, session in
            let before = connection.roundTrips
            session.begin(settings: [])
            try await session.executeDeferred(Self.insert, [.integer(1), .text("dropped")])
            #expect(await session.rollback())
            #expect(connection.roundTrips == before, "never sent")

            try await session.executeDeferred(Self.insert, [.integer(2), .text("autocommit")])
            #expect(connection.roundTrips > before, "sent at once")
            #expect(try await session.query(Self.count, [.text("dropped")]).first?.integer("n") == 0)
            #expect(try await session.query(Self.count, [.text("autocommit")]).first?.integer("n") == 1)
        }
    }

    private func withDeferredProbe(
        _ body: @Sendable (PostgresConnection, PostgresSession) async throws -> Void
    ) async throws {
        try await withStorage(.postgres) { test in
            let thread = DedicatedThreadExecutor(name: "deferred-write-test")
            defer { thread.shutdown() }
            let connection = try PostgresConnection(conninfo: try #require(test.postgresOwnerURL), thread: thread)
            let session = PostgresSession(connection: connection, executor: thread)
            try await session.execute(
                "CREATE TEMPORARY TABLE deferred_writes (id bigint PRIMARY KEY, note text NOT NULL)", [])
            try await body(connection, session)
        }
    }
}
