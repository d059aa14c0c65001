import Crypto
import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Adapters

@Suite("Key rotation: kopi reseal")
struct ResealTests {
    static let keys = (0..<3).map { _ in MasterKeyring.generateText() }

    static func sealer(_ text: String) throws -> AESGCMSecretSealer {
        AESGCMSecretSealer(keyring: try MasterKeyring(parsing: text))
    }

    /// A database reopened with another keyring: SQLite by path, Postgres by schema.
    struct Location {
        let database: DatabaseLocation
        let migrationURL: String?

        func open(_ keyring: String) async throws -> SQLStorage {
            try await StorageFactory.open(database, sealer: try ResealTests.sealer(keyring), migrationURL: migrationURL)
        }
    }

    static func location(_ kind: StoreKind) async throws -> Location {
        if kind == .postgres {
            let schema = try await PostgresTestSchema.create()
            return Location(database: .postgres(url: schema.runtimeURL), migrationURL: schema.ownerURL)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-reseal-\(UUID().uuidString).db")
        return Location(database: .sqlite(path: path.path), migrationURL: nil)
    }

    @Test(
        "Every sealed secret moves to the first key; the old key then holds nothing and can go; unknown keys are counted, not lost",
        arguments: [StoreKind.sqlite, .postgres])
    func rotation(kind: StoreKind) async throws {
        let location = try await Self.location(kind)
        let (old, new, stranger) = ("k1:\(Self.keys[0])", "k2:\(Self.keys[1])", "k3:\(Self.keys[2])")

        // Two workspaces with Lark connections and a card tap token, and one pending Google sign-in, under k1.
        let before = try await location.open(old)
        var tenants: [TenantID] = []
        let tap = TapID(UUID())
        for index in 0..<2 {
            let (tenant, _) = try await Fixtures.workspace(in: before, name: "Workspace \(index)")
            tenants.append(tenant.id)
            try await before.withTenant(tenant.id) { scope in
                try await scope.tenant.saveLarkConnection(Fixtures.connection(tenant.id))
                guard index == 0 else { return }
                let flow = Fixtures.flow(tenant.id)
                try await scope.approvals.saveFlow(flow)
                let submission = Fixtures.submission(tenant.id, flow: flow.id)
                try await scope.approvals.saveSubmission(submission)
                try await scope.taps.saveTap(
                    CardTap(
                        id: tap, tenantID: tenant.id, submissionID: submission.id, approver: LarkIDs.openID(),
                        choice: .approve, messageID: LarkIDs.messageID(), updateToken: Secret("c-token-update"),
                        receivedAt: Fixtures.time(0)))
            }
        }
        let stateHash = Array(SHA256.hash(data: Data("state".utf8)))
        try await before.auth.insertOAuthState(
            OAuthState(
                stateHash: stateHash, nonce: Secret("nonce-1"), codeVerifier: Secret("verifier-1"),
                expiresAt: Date().addingTimeInterval(600)))
        await before.close()

        // A keyring without k1 cannot help: everything is counted under k1, nothing is changed.
        let blind = try await location.open(stranger)
        #expect(try await blind.reseal() == ResealReport(currentKeyID: "k3", resealed: 0, remaining: ["k1": 9]))
        await blind.close()

        let rotating = try await location.open("\(new),\(old)")
        #expect(try await rotating.reseal() == ResealReport(currentKeyID: "k2", resealed: 9, remaining: [:]))
        #expect(try await rotating.reseal() == ResealReport(currentKeyID: "k2", resealed: 0, remaining: [:]))
        await rotating.close()

        // k1 retired: every secret still opens, with its own value.
        let after = try await location.open(new)
        for tenant in tenants {
            let connection = try #require(try await after.withTenant(tenant) { try await $0.tenant.larkConnection() })
            let expected = Fixtures.connection(tenant)
            #expect(connection.appSecret.revealForOutboundUse() == expected.appSecret.revealForOutboundUse())
            #expect(connection.encryptKey.revealForOutboundUse() == expected.encryptKey.revealForOutboundUse())
            #expect(
                connection.verificationToken.revealForOutboundUse() == expected.verificationToken.revealForOutboundUse()
            )
        }
        let token = try await after.withTenant(tenants[0]) { try await $0.taps.tap(tap)?.updateToken }
        #expect(token?.revealForOutboundUse() == "c-token-update")
        let state = try #require(try await after.auth.consumeOAuthState(hash: stateHash, now: Date()))
        #expect(
            state.nonce.revealForOutboundUse() == "nonce-1" && state.codeVerifier.revealForOutboundUse() == "verifier-1"
        )
        await after.close()
    }
}
