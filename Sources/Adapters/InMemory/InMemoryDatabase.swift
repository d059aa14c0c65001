/// The single owner of the in-memory tables.
actor InMemoryDatabase {
    private var tables = InMemoryTables()
    let transactions = AsyncSerialLock()

    func read<Result: Sendable>(_ body: @Sendable (InMemoryTables) throws -> Result) rethrows -> Result {
        try body(tables)
    }

    func write<Result: Sendable>(_ body: @Sendable (inout InMemoryTables) throws -> Result) rethrows -> Result {
        try body(&tables)
    }

    func snapshot() -> InMemoryTables { tables }

    func restore(_ snapshot: InMemoryTables) { tables = snapshot }

    /// Runs `body` as one transaction: serialised with every other, rolled back if it throws.
    func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        try await transactions.withLock {
            let before = await self.snapshot()
            do {
                return try await body()
            } catch {
                await self.restore(before)
                throw error
            }
        }
    }
}
