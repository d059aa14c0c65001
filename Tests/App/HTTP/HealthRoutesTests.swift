import Adapters
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Health endpoint")
struct HealthRoutesTests {
    static let sealer = AESGCMSecretSealer(keyring: try! MasterKeyring(parsing: MasterKeyring.generateText()))

    @Test("GET /healthz answers 200 with the database reachable")
    func healthy() async throws {
        let router = KopiRouter.build(TestServices.make(storage: InMemoryStorage(sealer: Self.sealer)))
        try await Application(router: router).test(.router) { client async throws in
            try await client.execute(uri: "/healthz", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(try decode(response.body) == ["status": "ok", "database": "ok"])
            }
        }
    }

    @Test("GET /healthz answers 503 when the database does not, without details")
    func unhealthy() async throws {
        let router = KopiRouter.build(TestServices.make(storage: UnreachableStorage()))
        try await Application(router: router).test(.router) { client async throws in
            try await client.execute(uri: "/healthz", method: .get) { response async throws in
                #expect(response.status == .serviceUnavailable)
                #expect(try decode(response.body) == ["status": "degraded", "database": "unavailable"])
            }
        }
    }

    @Test("A real SQLite storage built by the composition root is healthy")
    func composedSQLite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try AppConfiguration.load(from: [
            "KOPI_DATABASE_URL": "sqlite:\(folder.path)/kopi.db", "KOPI_MASTER_KEY": MasterKeyring.generateText(),
        ])
        let storage = try await CompositionRoot.makeStorage(configuration, logger: .init(label: "test"))
        try await Application(router: KopiRouter.build(TestServices.make(storage: storage))).test(.router) {
            client async throws in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
        await storage.close()
    }
}

func decode(_ body: ByteBuffer) throws -> [String: String] {
    try JSONDecoder().decode([String: String].self, from: Data(String(buffer: body).utf8))
}

/// A storage whose backend never answers.
struct UnreachableStorage: Storage {
    func withTenant<Result: Sendable>(_ tenantID: TenantID, _ body: @Sendable (any TenantScope) async throws -> Result)
        async throws -> Result
    {
        throw StoreError.unavailable(reason: "test")
    }
    var directory: any TenantDirectory { fatalError("not used") }
    var jobs: any JobQueue { fatalError("not used") }
    var auth: any AuthStore { fatalError("not used") }
    var leases: any LeaseStore { fatalError("not used") }
    var rateLimits: any RateLimitStore { UnreachableRateLimits() }
    var referenceRates: any ReferenceRateStore { fatalError("not used") }
    func ping() async throws { throw StoreError.unavailable(reason: "test") }
}

/// Rate-limit counters whose backend never answers.
struct UnreachableRateLimits: RateLimitStore {
    func hit(_ key: String, period: TimeInterval, now: Date) async throws -> Int {
        throw StoreError.unavailable(reason: "test")
    }
    func purge(endedBefore cutoff: Date) async throws -> Int { throw StoreError.unavailable(reason: "test") }
}
