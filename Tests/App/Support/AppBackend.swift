import Fakes
import Foundation
import Ports
import Testing

@testable import Adapters
@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

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
        let backend = try await TestBackend.open(self == .postgres ? .postgres : .sqlite, sealer: TestServices.sealer)
        return SQLTestStorage(
            storage: backend.sqlStorage!, sqlitePath: backend.sqlitePath,
            postgres: backend.postgres.map { ($0.plainOwnerURL, $0.schema) })
    }
}
