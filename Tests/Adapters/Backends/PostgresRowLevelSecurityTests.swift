import Domain
import Foundation
import Ports
import Testing

@testable import Adapters

/// Row-level security as defence in depth: even SQL that forgets the tenant sees nothing.
@Suite("Postgres row-level security")
struct PostgresRowLevelSecurityTests {
    @Test("Every tenant table has RLS enabled and forced, with a policy that checks writes too")
    func catalog() async throws {
        try await withStorage(.postgres) { test in
            let owner = try #require(test.postgresOwnerURL)
            let rows = try await PostgresAdmin.run(
                owner,
                """
                SELECT c.relname AS name, c.relrowsecurity::int AS enabled, c.relforcerowsecurity::int AS forced,
                  (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid AND p.polcmd = '*' AND p.polqual IS NOT NULL
                     AND p.polwithcheck IS NOT NULL) AS policies
                FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
                """)
            let tables = Dictionary(uniqueKeysWithValues: try rows.map { (try $0.text("name"), $0) })
            for table in Schema.tenantTables {
                let row = try #require(tables[table], "missing table \(table)")
                #expect(try row.integer("enabled") == 1, "\(table) has RLS disabled")
                #expect(try row.integer("forced") == 1, "\(table) does not force RLS")
                #expect(try row.integer("policies") >= 1, "\(table) has no tenant policy")
            }
            let withTenantColumn = try await PostgresAdmin.run(
                owner,
                """
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND column_name = 'tenant_id' AND table_name <> 'jobs'
                """
            ).map { try $0.text("table_name") }
            #expect(Set(withTenantColumn) == Set(Schema.tenantTables), "a tenant-owned table lacks row-level security")
        }
    }

    @Test("The runtime role is not the owner, not a superuser, and cannot bypass RLS")
    func runtimeRole() async throws {
        try await withStorage(.postgres) { test in
            let storage = try #require(test.storage as? SQLStorage)
            #expect(try await storage.rowLevelSecurityWarnings() == [])
        }
    }

    @Test("A query issued without tenant context returns no rows, for the runtime role and the owner")
    func noTenantContext() async throws {
        try await withStorage(.postgres) { test in
            let seeded = try await TenantIsolationContract.seed(test.storage)
            for url in [try #require(test.postgresRuntimeURL), try #require(test.postgresOwnerURL)] {
                for table in Schema.tenantTables {
                    let count = try await PostgresAdmin.run(url, "SELECT count(*) AS n FROM \(table)").first?.integer(
                        "n")
                    #expect(count == 0, "\(table) leaks rows without a tenant")
                }
            }
            // The same SQL with A's context does see A's rows: the policy, not emptiness, hid them.
            let database = PostgresDatabase(conninfo: try #require(test.postgresRuntimeURL), maxConnections: 1)
            let flows = try await database.transaction(tenant: seeded.a.id.description, user: nil) { session in
                try await session.query("SELECT count(*) AS n FROM flows", []).first?.integer("n")
            }
            #expect(flows == 1)
            // Pool bleed: the next transaction on the same single connection has no tenant again.
            let after = try await database.transaction {
                try await $0.query("SELECT count(*) AS n FROM flows", []).first?.integer("n")
            }
            #expect(after == 0)
            await database.close()
        }
    }

    @Test("Writing another tenant's row under one tenant's context is refused by the policy")
    func withCheck() async throws {
        try await withStorage(.postgres) { test in
            let seeded = try await TenantIsolationContract.seed(test.storage)
            let database = PostgresDatabase(conninfo: try #require(test.postgresRuntimeURL), maxConnections: 1)
            await #expect(throws: StoreError.tenantMismatch) {
                try await database.transaction(tenant: seeded.b.id.description, user: nil) { session in
                    try await session.execute(
                        "INSERT INTO inbox_events (tenant_id, event_id, type, received_at) VALUES ($1, 'smuggled', 't', 0)",
                        [.text(seeded.a.id.description)])
                }
            }
            let moved = try await database.transaction(tenant: seeded.b.id.description, user: nil) { session in
                try await session.execute(
                    "UPDATE flows SET name = 'hijacked' WHERE tenant_id = $1", [.text(seeded.a.id.description)])
            }
            #expect(moved == 0)
            await database.close()
        }
    }

    @Test("Context values that are not UUIDs are bound as parameters, never inlined into SQL")
    func contextBinding() async throws {
        try await withStorage(.postgres) { test in
            let database = PostgresDatabase(conninfo: try #require(test.postgresRuntimeURL), maxConnections: 1)
            let hostile = "x', true); DROP TABLE flows; --"
            let seen = try await database.transaction(tenant: hostile, user: nil) { session in
                try await session.query("SELECT current_setting('kopi.tenant_id') AS tenant", []).first?.text("tenant")
            }
            #expect(seen == hostile)
            let flows = try await database.transaction(tenant: UUID().uuidString, user: nil) { session in
                try await session.query("SELECT count(*) AS n FROM flows", []).first?.integer("n")
            }
            #expect(flows == 0)
            await database.close()
        }
    }
}
