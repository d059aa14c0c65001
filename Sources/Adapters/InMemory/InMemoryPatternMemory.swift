import Domain
import Ports

struct InMemoryPatternMemory: PatternMemory {
    let database: InMemoryDatabase
    let tenantID: TenantID

    func save(_ pattern: LearnedPattern) async throws {
        guard pattern.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await database.write { [tenantID] tables in
            guard tables.tenants[tenantID] != nil else { throw StoreError.invalidReference }
            let clash = (tables.patterns[tenantID] ?? [:]).values.contains {
                $0.id != pattern.id && $0.vendorKey == pattern.vendorKey && $0.category == pattern.category
                    && $0.currency == pattern.currency
            }
            if clash { throw StoreError.duplicate }
            tables.patterns[tenantID, default: [:]][pattern.id] = pattern
        }
    }

    func pattern(_ id: PatternID) async throws -> LearnedPattern? {
        await database.read { [tenantID] in $0.patterns[tenantID]?[id] }
    }

    func pattern(vendorKey: String, category: String, currency: CurrencyCode) async throws -> LearnedPattern? {
        await database.read { [tenantID] tables in
            tables.patterns[tenantID]?.values.first {
                $0.vendorKey == vendorKey && $0.category == category && $0.currency == currency
            }
        }
    }

    func patterns(vendorKey: String) async throws -> [LearnedPattern] {
        await database.read { [tenantID] tables in
            (tables.patterns[tenantID] ?? [:]).values.filter { $0.vendorKey == vendorKey }
                .sorted { ($0.category, $0.currency.code) < ($1.category, $1.currency.code) }
        }
    }

    func list(limit: Int, offset: Int) async throws -> [LearnedPattern] {
        await database.read { [tenantID] tables in
            (tables.patterns[tenantID] ?? [:]).values
                .sorted { ($0.lastDecidedAt, $1.id) > ($1.lastDecidedAt, $0.id) }
                .dropFirst(max(0, offset)).prefix(max(0, limit)).map { $0 }
        }
    }

    func delete(_ id: PatternID) async throws {
        try await database.write { [tenantID] tables in
            guard tables.patterns[tenantID]?.removeValue(forKey: id) != nil else { throw StoreError.notFound }
        }
    }
}
