import Foundation
import Ports

@testable import Adapters

/// Looks underneath a SQL storage for a value anywhere in any column of any table, as an auditor
/// with the database in hand would: SQLite through the storage's own connection, Postgres as the
/// superuser (row-level security would hide rows from Kopi's roles).
enum RowScan {
    /// Each table holding `needle` in some column's text, with the number of such rows.
    static func tables(containing needle: String, in backend: AppBackend.SQLTestStorage) async throws -> [String: Int] {
        if let (ownerURL, schema) = backend.postgres {
            let url = ProcessInfo.processInfo.environment["KOPI_TEST_POSTGRES_SUPERUSER_URL"] ?? ownerURL
            let database = PostgresDatabase(conninfo: url, maxConnections: 1)
            defer { Task { await database.close() } }
            return try await database.transaction { session in
                var found: [String: Int] = [:]
                let tables = try await session.query(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
                    [.text(schema)])
                for table in try tables.map({ try $0.text("table_name") }) {
                    let count =
                        try await session.query(
                            "SELECT COUNT(*) AS n FROM \"\(schema)\".\"\(table)\" AS r WHERE strpos(r::text, $1) > 0",
                            [.text(needle)]
                        ).first?.integer("n") ?? 0
                    if count > 0 { found[table] = Int(count) }
                }
                return found
            }
        }
        return try await backend.storage.database.transaction { session in
            var found: [String: Int] = [:]
            let tables = try await session.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", [])
            for table in try tables.map({ try $0.text("name") }) {
                let columns = try await session.query("SELECT name FROM pragma_table_info('\(table)')", [])
                    .map { try $0.text("name") }
                let condition = columns.map { "instr(CAST(\"\($0)\" AS TEXT), $1) > 0" }.joined(separator: " OR ")
                let count =
                    try await session.query(
                        "SELECT COUNT(*) AS n FROM \"\(table)\" WHERE \(condition)", [.text(needle)]
                    ).first?.integer("n") ?? 0
                if count > 0 { found[table] = Int(count) }
            }
            return found
        }
    }

    /// Every table of the schema, so a test can say it looked at all of them.
    static func tableCount(in backend: AppBackend.SQLTestStorage) async throws -> Int {
        if let (ownerURL, schema) = backend.postgres {
            let database = PostgresDatabase(conninfo: ownerURL, maxConnections: 1)
            defer { Task { await database.close() } }
            return try await database.transaction { session in
                Int(
                    try await session.query(
                        "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
                        [.text(schema)]
                    ).first?.integer("n") ?? 0)
            }
        }
        return try await backend.storage.database.transaction { session in
            Int(
                try await session.query(
                    "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", []
                ).first?.integer("n") ?? 0)
        }
    }
}
