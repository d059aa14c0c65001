@testable import Adapters
import Domain
import Foundation
import Ports
import Testing

/// Every storage adapter. Contract suites take `StoreKind.allCases` as arguments, so each case
/// runs against all three; Postgres never skips (a missing server is a failure).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemory
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

struct PostgresNotConfigured: Error, CustomStringConvertible {
    var description: String {
        "KOPI_TEST_POSTGRES_URL / KOPI_TEST_POSTGRES_OWNER_URL are not set: run the suite with ./scripts/test"
    }
}

/// A storage for one test, with what is needed to look underneath it.
struct TestStorage: Sendable {
    let kind: StoreKind
    let storage: any Storage
    let sqlitePath: String?
    /// Owner and runtime URLs with this test's schema on the search path.
    let postgresOwnerURL: String?
    let postgresRuntimeURL: String?
}

let testSealer = AESGCMSecretSealer(keyring: try! MasterKeyring(parsing: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ="))

func withStorage<Result: Sendable>(
    _ kind: StoreKind, busyTimeoutMilliseconds: Int32 = 5000, _ body: (TestStorage) async throws -> Result
) async throws -> Result {
    switch kind {
    case .inMemory:
        return try await body(TestStorage(kind: kind, storage: InMemoryStorage(sealer: testSealer), sqlitePath: nil,
                                          postgresOwnerURL: nil, postgresRuntimeURL: nil))
    case .sqlite:
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-test-\(UUID().uuidString).db").path
        let storage = try await StorageFactory.open(.sqlite(path: path), sealer: testSealer, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        return try await closing(storage) {
            try await body(TestStorage(kind: kind, storage: storage, sqlitePath: path, postgresOwnerURL: nil, postgresRuntimeURL: nil))
        }
    case .postgres:
        let (owner, runtime) = try await PostgresTestSchema.create()
        let storage = try await StorageFactory.open(.postgres(url: runtime), sealer: testSealer, migrationURL: owner, maxConnections: 4)
        return try await closing(storage) {
            try await body(TestStorage(kind: kind, storage: storage, sqlitePath: nil, postgresOwnerURL: owner, postgresRuntimeURL: runtime))
        }
    }
}

/// Runs `body`, then closes the storage whether or not it threw.
private func closing<Result>(_ storage: SQLStorage, _ body: () async throws -> Result) async throws -> Result {
    do {
        let result = try await body()
        await storage.close()
        return result
    } catch {
        await storage.close()
        throw error
    }
}

/// A fresh schema per test in the throwaway cluster that scripts/test starts.
enum PostgresTestSchema {
    static func create() async throws -> (owner: String, runtime: String) {
        let environment = ProcessInfo.processInfo.environment
        guard let owner = environment["KOPI_TEST_POSTGRES_OWNER_URL"], let runtime = environment["KOPI_TEST_POSTGRES_URL"] else {
            throw PostgresNotConfigured()
        }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await run(owner, "CREATE SCHEMA \(schema)")
        let options = "?options=-csearch_path%3D\(schema)"
        return (owner + options, runtime + options)
    }

    /// Runs statements on a URL outside any tenant context, returning rows.
    @discardableResult
    static func run(_ url: String, _ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
        let database = PostgresDatabase(conninfo: url, maxConnections: 1)
        do {
            let rows = try await database.transaction { try await $0.query(sql, binds) }
            await database.close()
            return rows
        } catch {
            await database.close()
            throw error
        }
    }
}
