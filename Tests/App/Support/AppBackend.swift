@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi
@testable import Adapters
import Foundation
import Ports
import Testing

/// The three storages the app runs on, for app tests parameterised over them. Postgres is the
/// throwaway server of `./scripts/test`, one fresh schema per storage.
enum AppBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemory, sqlite, postgres

    var testDescription: String { rawValue }

    func makeStorage() async throws -> any Storage {
        self == .inMemory ? InMemoryStorage(sealer: TestServices.sealer) : try await makeSQLStorage().storage
    }

    /// A SQL storage with what is needed to look underneath it: the SQLite file, or the Postgres
    /// owner URL and the test's schema.
    struct SQLTestStorage {
        let storage: SQLStorage
        let sqlitePath: String?
        let postgres: (ownerURL: String, schema: String)?
    }

    func makeSQLStorage() async throws -> SQLTestStorage {
        if self != .postgres {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-app-\(UUID().uuidString).db").path
            return SQLTestStorage(storage: try await StorageFactory.open(.sqlite(path: path), sealer: TestServices.sealer), sqlitePath: path, postgres: nil)
        }
        let environment = ProcessInfo.processInfo.environment
        let owner = try #require(environment["KOPI_TEST_POSTGRES_OWNER_URL"], "run the suite with ./scripts/test")
        let runtime = try #require(environment["KOPI_TEST_POSTGRES_URL"])
        let schema = "a_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = PostgresDatabase(conninfo: owner, maxConnections: 1)
        try await admin.transaction { try await $0.execute("CREATE SCHEMA \(schema)", []) }
        await admin.close()
        let options = "?options=-csearch_path%3D\(schema)"
        let storage = try await StorageFactory.open(
            .postgres(url: runtime + options), sealer: TestServices.sealer, migrationURL: owner + options, maxConnections: 4)
        return SQLTestStorage(storage: storage, sqlitePath: nil, postgres: (owner, schema))
    }
}
