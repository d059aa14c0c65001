import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Adapters

/// Every storage adapter. Contract suites take `StoreKind.allCases` as arguments, so each case
/// runs against all three; Postgres never skips (a missing server is a failure).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemory
    case sqlite
    case postgres

    var testDescription: String { rawValue }
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

let testSealer = AESGCMSecretSealer(
    keyring: try! MasterKeyring(parsing: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ="))

func withStorage<Result: Sendable>(
    _ kind: StoreKind, busyTimeoutMilliseconds: Int32 = 5000, _ body: (TestStorage) async throws -> Result
) async throws -> Result {
    try await TestBackend.with(
        TestBackend.Kind(rawValue: kind.rawValue)!, sealer: testSealer, busyTimeoutMilliseconds: busyTimeoutMilliseconds
    ) { backend in
        try await body(
            TestStorage(
                kind: kind, storage: backend.storage, sqlitePath: backend.sqlitePath,
                postgresOwnerURL: backend.postgres?.ownerURL,
                postgresRuntimeURL: backend.postgres?.runtimeURL))
    }
}

/// Raw statements on the throwaway cluster, outside any tenant context, for tests that look
/// underneath the storage.
enum PostgresAdmin {
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
