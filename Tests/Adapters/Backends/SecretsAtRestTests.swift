import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Adapters

/// "A database dump never contains them in clear."
@Suite("Secrets at rest")
struct SecretsAtRestTests {
    static let canaries = ["CANARY-APP-SECRET-7f3a", "CANARY-ENCRYPT-KEY-91bc", "CANARY-VERIFY-TOKEN-5d2e"]

    @Test("The SQLite file and its WAL hold the App ID but none of the three secrets")
    func sqliteFile() async throws {
        try await withStorage(.sqlite) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            try await test.storage.withTenant(tenant.id) {
                try await $0.tenant.saveLarkConnection(Fixtures.connection(tenant.id))
            }
            let path = try #require(test.sqlitePath)
            var bytes = Data()
            for suffix in ["", "-wal"] {
                bytes += (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data()
            }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("cli_a1b2c3d4e5f60718"), "the search would not have found anything")
            for canary in Self.canaries { #expect(!text.contains(canary)) }
        }
    }

    @Test("A pg_dump of the schema holds the App ID but none of the three secrets")
    func postgresDump() async throws {
        guard let pgDump = ProcessInfo.processInfo.environment["KOPI_TEST_PG_DUMP"] else {
            throw PostgresTestSchema.NotConfigured()
        }
        try await withStorage(.postgres) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            try await test.storage.withTenant(tenant.id) {
                try await $0.tenant.saveLarkConnection(Fixtures.connection(tenant.id))
            }
            let owner = try #require(test.postgresOwnerURL)
            let schema = try #require(owner.split(separator: "%3D").last.map(String.init))
            let superuser = ProcessInfo.processInfo.environment["KOPI_TEST_POSTGRES_SUPERUSER_URL"] ?? owner
            let process = Process()
            process.executableURL = URL(fileURLWithPath: pgDump)
            process.arguments = ["--dbname", superuser, "--schema", schema, "--data-only"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let dump = try await OwnThread.run {
                let dump = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                return dump
            }
            #expect(process.terminationStatus == 0)
            #expect(dump.contains("cli_a1b2c3d4e5f60718"), "the dump holds no connection at all")
            for canary in Self.canaries { #expect(!dump.contains(canary)) }
        }
    }

    @Test("A sealed secret moved to another tenant's row does not open", arguments: [StoreKind.sqlite, .postgres])
    func movedCiphertext(kind: StoreKind) async throws {
        let a = Fixtures.randomness.identifier(Tenant.self)
        let b = Fixtures.randomness.identifier(Tenant.self)
        let sealed = try testSealer.seal(Secret("s3cret"), context: .tenant(a, field: "app_secret"))
        #expect(throws: SealingError.authenticationFailed) {
            try testSealer.open(sealed, context: .tenant(b, field: "app_secret"))
        }
        #expect(throws: SealingError.authenticationFailed) {
            try testSealer.open(sealed, context: .tenant(a, field: "encrypt_key"))
        }
    }
}
