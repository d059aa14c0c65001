public import Domain

/// A tenant's learned rules. Tenant-private by construction: it exists only inside a tenant scope.
public protocol PatternMemory: Sendable {
    /// Creates or replaces by id. Throws ``StoreError/duplicate`` when another pattern has the same
    /// vendor key, category and currency, here or at the transaction's commit (a write that only
    /// records: ``Storage/withTenant(_:_:)``).
    func save(_ pattern: LearnedPattern) async throws
    func pattern(_ id: PatternID) async throws -> LearnedPattern?
    func pattern(vendorKey: String, category: String, currency: CurrencyCode) async throws -> LearnedPattern?
    /// Patterns of a vendor, any category.
    func patterns(vendorKey: String) async throws -> [LearnedPattern]
    /// Most recently decided first, paged.
    func list(limit: Int, offset: Int) async throws -> [LearnedPattern]
    /// Throws ``StoreError/notFound`` when absent.
    func delete(_ id: PatternID) async throws
}
