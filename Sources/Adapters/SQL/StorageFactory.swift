import Foundation
public import Ports

/// Opens the storage a ``DatabaseLocation`` names, migrated and ready.
public enum StorageFactory {
    public static func open(
        _ location: DatabaseLocation, sealer: any SecretSealer, migrationURL: String? = nil,
        maxConnections: Int = 8, busyTimeoutMilliseconds: Int32 = 5000
    ) async throws -> SQLStorage {
        let database = try await database(
            for: location, maxConnections: maxConnections, busyTimeout: busyTimeoutMilliseconds)
        do {
            _ = try await migrate(location, database: database, migrationURL: migrationURL)
            return SQLStorage(database: database, sealer: sealer)
        } catch {
            await database.close()
            throw error
        }
    }

    /// Applies pending migrations and returns their versions. With `migrationURL` (the schema
    /// owner), Postgres migrations run as that role and grant the runtime role DML only.
    @discardableResult
    public static func migrate(_ location: DatabaseLocation, migrationURL: String? = nil) async throws -> [Int] {
        let database = try await database(for: location, maxConnections: 1, busyTimeout: 5000)
        do {
            let applied = try await migrate(location, database: database, migrationURL: migrationURL)
            await database.close()
            return applied
        } catch {
            await database.close()
            throw error
        }
    }

    private static func migrate(_ location: DatabaseLocation, database: any SQLDatabase, migrationURL: String?)
        async throws
        -> [Int]
    {
        guard case .postgres = location, let migrationURL else {
            return try await Migrator(database: database).migrate()
        }
        let owner = PostgresDatabase(conninfo: migrationURL, maxConnections: 1)
        do {
            let applied = try await Migrator(database: owner).migrate(grantingTo: location.postgresUser)
            await owner.close()
            return applied
        } catch {
            await owner.close()
            throw error
        }
    }

    private static func database(for location: DatabaseLocation, maxConnections: Int, busyTimeout: Int32) async throws
        -> any SQLDatabase
    {
        switch location {
        case .sqlite(let path): try await SQLiteDatabase.open(path: path, busyTimeoutMilliseconds: busyTimeout)
        case .postgres(let url): PostgresDatabase(conninfo: url, maxConnections: maxConnections)
        }
    }

    /// Creates a Postgres schema as the role of `ownerURL`, for a deployment (or a test) that keeps
    /// Kopi in a schema of its own; put it on the search path with `?options=-csearch_path%3D<name>`.
    public static func createPostgresSchema(_ name: String, ownerURL: String) async throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw StoreError.backend(code: "invalid_schema_name")
        }
        let owner = PostgresDatabase(conninfo: ownerURL, maxConnections: 1)
        do {
            try await owner.transaction { try await $0.execute("CREATE SCHEMA \(name)", []) }
            await owner.close()
        } catch {
            await owner.close()
            throw error
        }
    }

    /// Brings the planner's statistics up to date, and on Postgres the visibility map that
    /// index-only scans read, as autovacuum (and SQLite's `PRAGMA optimize` at close) do in time
    /// on a database in use: for a benchmark that measures right after loading a large workspace.
    /// On Postgres the tables of the schema on the search path, as the role of `ownerURL` when
    /// given (VACUUM processes the tables its role owns).
    public static func vacuum(_ location: DatabaseLocation, ownerURL: String? = nil) async throws {
        let target: DatabaseLocation =
            if case .postgres = location, let ownerURL { .postgres(url: ownerURL) } else { location }
        let database = try await database(for: target, maxConnections: 1, busyTimeout: 5000)
        do {
            try await database.autocommit { session in
                guard session.dialect == .postgres else {
                    _ = try await session.execute("ANALYZE", [])
                    return
                }
                let tables = try await session.query(
                    "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema()", []
                ).map { try $0.text("name") }
                guard !tables.isEmpty else { return }
                _ = try await session.execute("VACUUM (ANALYZE) " + tables.joined(separator: ", "), [])
            }
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    /// Why the database cannot be used, in words for an operator, or nil when it can.
    public static func problem(with location: DatabaseLocation) -> String? {
        switch location {
        case .postgres(let url):
            return PostgresConnection.connectionProblem(conninfo: url).map {
                "cannot connect to Postgres at \(location): \($0)"
            }
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let manager = FileManager.default
            if manager.fileExists(atPath: path) {
                return manager.isWritableFile(atPath: path) ? nil : "the SQLite file \(path) is not writable"
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                return "the folder for the SQLite file \(path) does not exist"
            }
            return manager.isWritableFile(atPath: directory) ? nil : "the folder \(directory) is not writable"
        }
    }
}
