import Ports

/// Applies ``Schema`` migrations not yet recorded in `kopi_migrations`, each in its own
/// transaction. On Postgres it runs as the schema owner, serialises concurrent migrators with an
/// advisory lock, and grants the runtime role DML (never ownership) on every table.
struct Migrator {
    let database: any SQLDatabase

    /// Returns the versions applied now.
    @discardableResult
    func migrate(grantingTo runtimeRole: String? = nil) async throws -> [Int] {
        let dialect = database.dialect
        let migrations = Schema.migrations(for: dialect)
        let applied: [Int] = try await database.transaction { session in
            if dialect == .postgres {
                try await session.execute("SELECT pg_advisory_xact_lock(7261696)", [])
            }
            try await session.execute(
                "CREATE TABLE IF NOT EXISTS kopi_migrations (version INTEGER PRIMARY KEY, statements INTEGER NOT NULL)",
                [])
            let done = Set(
                try await session.query("SELECT version FROM kopi_migrations", []).map {
                    Int(try $0.integer("version"))
                })
            var applied: [Int] = []
            for (index, statements) in migrations.enumerated() where !done.contains(index + 1) {
                for statement in statements { try await session.execute(statement, []) }
                try await session.execute(
                    "INSERT INTO kopi_migrations (version, statements) VALUES ($1, $2)",
                    [
                        .integer(Int64(index + 1)), .integer(Int64(statements.count)),
                    ])
                applied.append(index + 1)
            }
            return applied
        }
        if let runtimeRole, dialect == .postgres { try await grant(to: runtimeRole) }
        return applied
    }

    private func grant(to role: String) async throws {
        guard role.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !role.isEmpty else {
            throw StoreError.backend(code: "invalid_role_name")
        }
        try await database.transaction { session in
            try await session.execute(
                "DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO \(role)', current_schema()); END $$", [])
            try await session.execute(
                "DO $$ BEGIN EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO \(role)', current_schema()); END $$",
                [])
            try await session.execute(
                "DO $$ BEGIN EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON kopi_migrations FROM \(role)'); END $$",
                [])
        }
    }
}
