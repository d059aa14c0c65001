import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Adapters
@testable import Application

/// Limits kept in the database hold across instances: two sign-in services, each over its own
/// connection to one database, as two `kopi serve` processes are.
@Suite("Limits shared across instances")
struct SharedLimitTests {
    @Test(
        "Sign-in link requests from one client alternate between two instances: the 11th is refused whichever serves it; the address is not stored",
        arguments: [AppBackend.sqlite, .postgres])
    func acrossInstances(backend: AppBackend) async throws {
        let first = try await backend.makeSQLStorage()
        let second: SQLStorage
        if let path = first.sqlitePath {
            second = try await StorageFactory.open(.sqlite(path: path), sealer: TestServices.sealer)
        } else {
            let (ownerURL, schema) = try #require(first.postgres)
            let runtime = try #require(ProcessInfo.processInfo.environment["KOPI_TEST_POSTGRES_URL"])
            second = try await StorageFactory.open(
                .postgres(url: runtime + "?options=-csearch_path%3D\(schema)"), sealer: TestServices.sealer,
                migrationURL: ownerURL + "?options=-csearch_path%3D\(schema)")
        }
        let instances = [first.storage, second].map { SignInService(services: TestServices.make(storage: $0)) }
        let client = "203.0.113.77"
        var refused: [Int] = []
        for index in 0..<12 {
            do {
                try await instances[index % 2].requestLink(
                    for: EmailAddress("person\(index)@example.com")!, from: client)
            } catch let error as ApplicationError where error == .rateLimited {
                refused.append(index)
            }
        }
        #expect(refused == [10, 11], "ten a minute per client, counted across both instances")
        try await instances[1].requestLink(for: EmailAddress("next@example.com")!, from: "203.0.113.78")

        let stored = try await first.storage.database.autocommit {
            try await $0.query("SELECT key FROM rate_limits", []).map { try $0.text("key") }
        }
        #expect(!stored.isEmpty && stored.allSatisfy { $0.count == 64 && !$0.contains(client) }, "hashes only")
        await second.close()
        await first.storage.close()
    }
}
