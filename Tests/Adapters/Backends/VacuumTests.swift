import Domain
import Foundation
import Ports
import Testing

@testable import Adapters

/// `StorageFactory.vacuum`, which the benchmarks run after loading a large workspace so they
/// measure a database in use: statistics gathered, and on Postgres the visibility map set.
@Suite("Vacuum after a bulk load")
struct VacuumTests {
    @Test("SQLite: the planner's statistics are gathered")
    func sqlite() async throws {
        try await withStorage(.sqlite) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            try await test.storage.withTenant(tenant.id) { try await $0.approvals.saveFlow(Fixtures.flow(tenant.id)) }
            let path = try #require(test.sqlitePath)
            try await StorageFactory.vacuum(.sqlite(path: path))
            let reader = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1000, readOnly: true)
            defer { reader.close() }
            let analysed = try reader.query("SELECT DISTINCT tbl FROM sqlite_stat1", []).map { try $0.text("tbl") }
            #expect(analysed.contains("flows") && analysed.contains("tenants"))
        }
    }

    @Test("Postgres: the tables of the schema on the search path are vacuumed and analysed, as their owner")
    func postgres() async throws {
        try await withStorage(.postgres) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            try await test.storage.withTenant(tenant.id) { try await $0.approvals.saveFlow(Fixtures.flow(tenant.id)) }
            let (runtime, owner) = (try #require(test.postgresRuntimeURL), try #require(test.postgresOwnerURL))
            try await StorageFactory.vacuum(.postgres(url: runtime), ownerURL: owner)
            let rows = try await PostgresAdmin.run(
                owner,
                """
                SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema()
                AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL
                """)
            let vacuumed = try rows.map { try $0.text("relname") }
            #expect(vacuumed.contains("flows") && vacuumed.contains("submissions"))
        }
    }
}
