public import Adapters
import Foundation
public import Ports

/// One storage for one test, on any of the three backends, with what is needed to look
/// underneath it: the SQLite file, or the Postgres schema and the URLs that reach it. Postgres is
/// the throwaway server of `./scripts/test`; every backend gets a fresh database or schema.
/// The one place the suites create test storage.
public struct TestBackend: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case inMemory, sqlite, postgres
    }

    public let kind: Kind
    public let storage: any Storage
    /// Nil for in-memory storage.
    public let sqlStorage: SQLStorage?
    public let sqlitePath: String?
    public let postgres: PostgresTestSchema?

    public static func open(
        _ kind: Kind, sealer: any SecretSealer, busyTimeoutMilliseconds: Int32 = 5000, maxConnections: Int = 4
    ) async throws -> TestBackend {
        switch kind {
        case .inMemory:
            return TestBackend(
                kind: kind, storage: InMemoryStorage(sealer: sealer), sqlStorage: nil, sqlitePath: nil, postgres: nil)
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "kopi-test-\(UUID().uuidString).db"
            ).path
            let storage = try await StorageFactory.open(
                .sqlite(path: path), sealer: sealer, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            return TestBackend(kind: kind, storage: storage, sqlStorage: storage, sqlitePath: path, postgres: nil)
        case .postgres:
            let schema = try await PostgresTestSchema.create()
            let storage = try await StorageFactory.open(
                .postgres(url: schema.runtimeURL), sealer: sealer, migrationURL: schema.ownerURL,
                maxConnections: maxConnections)
            return TestBackend(kind: kind, storage: storage, sqlStorage: storage, sqlitePath: nil, postgres: schema)
        }
    }

    /// Closes the storage and removes a SQLite file.
    public func close() async {
        await sqlStorage?.close()
        if let sqlitePath {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }
        }
    }

    /// Runs `body` with a fresh backend, closed afterwards whether or not `body` threw.
    public static func with<Result>(
        _ kind: Kind, sealer: any SecretSealer, busyTimeoutMilliseconds: Int32 = 5000,
        _ body: (TestBackend) async throws -> Result
    ) async throws -> Result {
        let backend = try await open(kind, sealer: sealer, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        do {
            let result = try await body(backend)
            await backend.close()
            return result
        } catch {
            await backend.close()
            throw error
        }
    }
}

/// A fresh schema in the throwaway Postgres cluster of `./scripts/test`.
public struct PostgresTestSchema: Sendable {
    public let schema: String
    /// Owner and runtime URLs with the schema on the search path.
    public let ownerURL: String
    public let runtimeURL: String
    /// The owner's URL without the search path (for tools such as `pg_dump`).
    public let plainOwnerURL: String

    public struct NotConfigured: Error, CustomStringConvertible {
        public init() {}

        public var description: String {
            "KOPI_TEST_POSTGRES_URL / KOPI_TEST_POSTGRES_OWNER_URL are not set: run the suite with ./scripts/test"
        }
    }

    public static func create() async throws -> PostgresTestSchema {
        let environment = ProcessInfo.processInfo.environment
        guard let owner = environment["KOPI_TEST_POSTGRES_OWNER_URL"],
            let runtime = environment["KOPI_TEST_POSTGRES_URL"]
        else {
            throw NotConfigured()
        }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await StorageFactory.createPostgresSchema(schema, ownerURL: owner)
        // The schema also names the connections (`application_name`), so a test can find its own
        // backends in `pg_stat_activity` and leave other tests' alone.
        let options = "?application_name=\(schema)&options=-csearch_path%3D\(schema)"
        return PostgresTestSchema(
            schema: schema, ownerURL: owner + options, runtimeURL: runtime + options, plainOwnerURL: owner)
    }
}
