@testable import Adapters
import Foundation
import Ports
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("Migrating an up-to-date database applies nothing", arguments: [StoreKind.sqlite, .postgres])
    func idempotent(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let applied: [Int]
            switch kind {
            case .sqlite: applied = try await StorageFactory.migrate(.sqlite(path: try #require(test.sqlitePath)))
            default:
                applied = try await StorageFactory.migrate(
                    .postgres(url: try #require(test.postgresRuntimeURL)), migrationURL: test.postgresOwnerURL)
            }
            #expect(applied == [])
        }
    }

    @Test("Bad database URLs are explained")
    func badURLs() throws {
        #expect(throws: DatabaseLocationError.unknownScheme) { try DatabaseLocation(parsing: "mysql://x") }
        #expect(throws: DatabaseLocationError.emptySQLitePath) { try DatabaseLocation(parsing: "sqlite:") }
        #expect(throws: (any Error).self) { try DatabaseLocation(parsing: "postgres://host/db?no_such_option=1") }
        #expect(try DatabaseLocation(parsing: "postgres://u:hunter2@db/kopi").description.contains("hunter2") == false)
        #expect(try DatabaseLocation(parsing: "postgres://kopi_app@db/kopi").postgresUser == "kopi_app")
    }
}
