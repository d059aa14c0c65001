import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Adapters

@Suite("Postgres failures")
struct PostgresFailureTests {
    @Test("A server that is not listening is a typed unavailable error")
    func unreachable() async throws {
        let location = DatabaseLocation.postgres(url: "postgres://kopi_app@127.0.0.1:1/kopi_test?connect_timeout=2")
        #expect(StorageFactory.problem(with: location) != nil)
        await #expect(throws: StoreError.unavailable(reason: "postgres_connect_failed")) {
            _ = try await StorageFactory.open(location, sealer: testSealer)
        }
    }

    @Test("Connections killed by the server are replaced and the next transaction succeeds")
    func lostConnection() async throws {
        guard let superuser = ProcessInfo.processInfo.environment["KOPI_TEST_POSTGRES_SUPERUSER_URL"] else {
            throw PostgresTestSchema.NotConfigured()
        }
        try await withStorage(.postgres) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            try await test.storage.ping()
            // Only this test's connections: other suites run beside it on the same cluster.
            let runtimeURL = try #require(test.postgresRuntimeURL)
            let schema = try #require(
                URLComponents(string: runtimeURL)?.queryItems?.first { $0.name == "application_name" }?.value)
            let killed = try await PostgresAdmin.run(
                superuser,
                "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE usename = 'kopi_app' AND application_name = $1",
                [.text(schema)])
            #expect(try killed.first?.integer("n") ?? 0 >= 1)
            try await Task.sleep(for: .milliseconds(100))
            let found = try await test.storage.withTenant(tenant.id) { try await $0.tenant.tenant() }
            #expect(found == tenant)
        }
    }

    @Test(
        "Statements are prepared once per connection; a column added by another connection costs one retryable conflict, not a stuck connection"
    )
    func preparedStatements() async throws {
        try await withStorage(.postgres) { test in
            let database = PostgresDatabase(conninfo: try #require(test.postgresOwnerURL), maxConnections: 1)
            try await database.transaction { session in
                try await session.execute("CREATE TABLE prepared_probe (id bigint PRIMARY KEY)", [])
                try await session.execute("INSERT INTO prepared_probe VALUES ($1)", [.integer(1)])
            }
            let select = "SELECT * FROM prepared_probe WHERE id = $1"
            for _ in 0..<3 {
                let rows = try await database.transaction { try await $0.query(select, [.integer(1)]) }
                #expect(rows.count == 1)
            }
            let statements = try await database.transaction {
                try await $0.query(
                    "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1", [.text(select)])
            }
            #expect(try statements.first?.integer("n") == 1, "prepared once, used three times")
            try await PostgresAdmin.run(
                try #require(test.postgresOwnerURL), "ALTER TABLE prepared_probe ADD COLUMN note text")
            await #expect(throws: StoreError.conflict) {
                try await database.transaction { try await $0.query(select, [.integer(1)]) }
            }
            let again = try await database.transaction { try await $0.query(select, [.integer(1)]) }
            #expect(again.first?.values.count == 2)
            await database.close()
        }
    }

    @Test("A batch of pushes and their jobs is one statement: one round trip and the COMMIT")
    func recordInOneRoundTrip() async throws {
        try await withStorage(.postgres) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let thread = DedicatedThreadExecutor(name: "record-round-trips-test")
            defer { thread.shutdown() }
            let connection = try PostgresConnection(conninfo: try #require(test.postgresRuntimeURL), thread: thread)
            let session = PostgresSession(connection: connection, executor: thread)
            let scope = SQLTenantScope(session: session, tenantID: tenant.id, sealer: testSealer)
            for round in 0..<2 {
                let events = (0..<3).map { _ in
                    InboxEvent(
                        tenantID: tenant.id, eventID: LarkIDs.eventID(), type: "approval_instance",
                        approvalCode: LarkIDs.approvalCode(), instanceCode: LarkIDs.instanceCode(), status: "PENDING",
                        receivedAt: Fixtures.epoch)
                }
                let jobs = Dictionary(
                    uniqueKeysWithValues: events.map {
                        ($0.eventID, Fixtures.job(tenant.id, subject: $0.instanceCode!))
                    })
                let before = connection.roundTrips
                session.begin(settings: [("kopi.tenant_id", tenant.id.description), ("kopi.user_id", nil)])
                let recorded = try await scope.record(events, jobs: jobs)
                try await session.commit()
                #expect(recorded.stored == Set(events.map(\.eventID)))
                #expect(recorded.enqueued == Set(jobs.values.map(\.id)))
                if round == 1 {
                    #expect(connection.roundTrips - before == 2, "BEGIN, settings, events and jobs in one; COMMIT")
                }
            }
        }
    }

    @Test(
        "BEGIN and the tenant go out with the first statement: one round trip, a failed first write undone alone, no statement no transaction"
    )
    func deferredBegin() async throws {
        try await withStorage(.postgres) { test in
            let thread = DedicatedThreadExecutor(name: "deferred-begin-test")
            defer { thread.shutdown() }
            let connection = try PostgresConnection(conninfo: try #require(test.postgresOwnerURL), thread: thread)
            let tenant = UUID().uuidString.lowercased()
            let session = PostgresSession(connection: connection, executor: thread)
            let read = "SELECT current_setting('kopi.tenant_id', true) AS tenant, $1::bigint AS probe"
            session.begin(settings: [])
            try await session.execute("CREATE TEMPORARY TABLE deferred_probe (id bigint PRIMARY KEY)", [])
            try await session.execute("INSERT INTO deferred_probe VALUES ($1)", [.integer(1)])
            try await session.commit()
            for round in 0..<2 {
                let before = connection.roundTrips
                session.begin(settings: [("kopi.tenant_id", tenant), ("kopi.user_id", nil)])
                let rows = try await session.query(read, [.integer(7)])
                #expect(try rows.first?.text("tenant") == tenant, "the setting is in place for the first statement")
                try await session.commit()
                if round == 1 {
                    #expect(connection.roundTrips - before == 2, "BEGIN, settings and the read in one; COMMIT")
                }
            }
            #expect(try await session.query(read, [.integer(7)]).first?.text("tenant") == "", "ended with the commit")

            session.begin(settings: [("kopi.tenant_id", tenant)])
            await #expect(throws: StoreError.duplicate) {
                try await session.execute("INSERT INTO deferred_probe VALUES ($1)", [.integer(1)])
            }
            try await session.execute("INSERT INTO deferred_probe VALUES ($1)", [.integer(2)])
            try await session.commit()
            #expect(try await session.query("SELECT count(*) AS n FROM deferred_probe", []).first?.integer("n") == 2)

            // A first statement that does not even prepare leaves the BEGIN to the next one.
            session.begin(settings: [("kopi.tenant_id", tenant)])
            await #expect(throws: StoreError.self) {
                try await session.query("SELEC $1::bigint AS probe", [.integer(1)])
            }
            #expect(try await session.query(read, [.integer(7)]).first?.text("tenant") == tenant)
            try await session.commit()

            let before = connection.roundTrips
            session.begin(settings: [("kopi.tenant_id", tenant)])
            try await session.commit()
            session.begin(settings: [("kopi.tenant_id", tenant)])
            #expect(await session.rollback())
            #expect(connection.roundTrips == before, "a transaction that ran nothing was never opened")
            #expect(!connection.isBroken)
        }
    }
}
