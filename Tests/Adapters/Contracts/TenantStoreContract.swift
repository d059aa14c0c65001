import Domain
import Foundation
import Ports
import Testing

@Suite("TenantStore contract")
struct TenantStoreContract {
    @Test("Name and domain change; id and endpoint id do not", arguments: StoreKind.allCases)
    func update(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            var (tenant, _) = try await Fixtures.workspace(in: test.storage)
            tenant.name = "Renamed"
            tenant.larkDomain = .feishu
            let stored = try await test.storage.withTenant(tenant.id) { [tenant] scope async throws in
                try await scope.tenant.update(tenant)
                return try await scope.tenant.tenant()
            }
            #expect(stored == tenant)
        }
    }

    @Test(
        "The Lark connection round-trips with its secrets, and can be replaced and removed",
        arguments: StoreKind.allCases)
    func larkConnection(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let connection = Fixtures.connection(tenant.id)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                #expect(try await scope.tenant.larkConnection() == nil)
                try await scope.tenant.saveLarkConnection(connection)
                #expect(try await scope.tenant.larkConnection() == connection)
                var replaced = connection
                replaced.appSecret = Secret("rotated-secret")
                try await scope.tenant.saveLarkConnection(replaced)
                #expect(try await scope.tenant.larkConnection()?.appSecret.revealForOutboundUse() == "rotated-secret")
                try await scope.tenant.deleteLarkConnection()
                #expect(try await scope.tenant.larkConnection() == nil)
            }
        }
    }

    @Test("Policy defaults until saved, then round-trips", arguments: StoreKind.allCases)
    func policy(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            var policy = PolicySettings()
            policy.categoryCaps = ["meals": Fixtures.money("80")]
            policy.prohibitedVendors = ["casino royale"]
            policy.autoApproveAfterApprovals = 3
            try await test.storage.withTenant(tenant.id) { [policy] scope async throws in
                #expect(try await scope.tenant.policy() == .defaults)
                try await scope.tenant.savePolicy(policy)
                #expect(try await scope.tenant.policy() == policy)
            }
        }
    }

    @Test("A failed transaction leaves nothing behind", arguments: StoreKind.allCases)
    func rollback(kind: StoreKind) async throws {
        struct Abort: Error {}
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            await #expect(throws: Abort.self) {
                try await test.storage.withTenant(tenant.id) { scope async throws in
                    try await scope.approvals.saveFlow(Fixtures.flow(tenant.id))
                    throw Abort()
                }
            }
            #expect(try await test.storage.withTenant(tenant.id) { try await $0.approvals.flows() }.isEmpty)
        }
    }
}
