import Domain
import Foundation
import Ports
import Testing

@Suite("PatternMemory contract")
struct PatternMemoryContract {
    static func pattern(
        _ tenant: TenantID, vendor: String = "grab", category: String = "transport", at seconds: Double = 0
    ) -> LearnedPattern {
        LearnedPattern(
            id: Fixtures.randomness.identifier(), tenantID: tenant, vendorKey: vendor, category: category,
            currency: Fixtures.sgd,
            lowerBound: 1000, upperBound: 3000, approvals: 2, rejections: 0, lastDecidedAt: Fixtures.time(seconds))
    }

    @Test(
        "Patterns are found by key and by vendor, listed newest first, edited and deleted",
        arguments: StoreKind.allCases)
    func lifecycle(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let older = Self.pattern(tenant.id, category: "meals", at: 0)
            var newer = Self.pattern(tenant.id, category: "transport", at: 60)
            try await test.storage.withTenant(tenant.id) { [newer] scope async throws in
                try await scope.patterns.save(older)
                try await scope.patterns.save(newer)
                #expect(
                    try await scope.patterns.pattern(vendorKey: "grab", category: "transport", currency: Fixtures.sgd)
                        == newer)
                #expect(try await scope.patterns.patterns(vendorKey: "grab") == [older, newer])
                #expect(try await scope.patterns.list(limit: 10, offset: 0) == [newer, older])
                #expect(try await scope.patterns.list(limit: 1, offset: 1) == [older])
            }
            // One pattern per vendor, category and currency: a second fails its transaction
            // (reported at the save or at the commit).
            await #expect(throws: StoreError.duplicate) {
                try await test.storage.withTenant(tenant.id) {
                    try await $0.patterns.save(Self.pattern(tenant.id, category: "meals"))
                }
            }
            #expect(
                try await test.storage.withTenant(tenant.id) { try await $0.patterns.list(limit: 10, offset: 0) }.count
                    == 2)
            newer = newer.learning(.approve, amount: Fixtures.money("45"), at: Fixtures.time(120))
            try await test.storage.withTenant(tenant.id) { [newer] scope async throws in
                try await scope.patterns.save(newer)
                #expect(try await scope.patterns.pattern(newer.id) == newer)
                try await scope.patterns.delete(newer.id)
                #expect(try await scope.patterns.pattern(newer.id) == nil)
                await #expect(throws: StoreError.notFound) { try await scope.patterns.delete(newer.id) }
            }
        }
    }
}
