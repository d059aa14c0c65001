public import Domain

/// The whole of Kopi's persistence. Tenant-owned data is reachable only inside ``withTenant(_:_:)``,
/// so a query that names no tenant cannot be written.
public protocol Storage: Sendable {
    /// Runs `body` in one transaction whose every read and write is confined to `tenantID`.
    /// All of `body`'s writes commit together when it returns, and none do when it throws.
    /// A write that only records (a `save…` or `append…` that returns nothing) may report its
    /// failure, a duplicate or an unknown reference, at its call or at a later call or the commit
    /// (Postgres sends it with the next statement); either way the transaction does not commit.
    /// A write that answers (a count, not found, insert-if-absent) reports at its call.
    /// The scope must not be used after `body` returns.
    func withTenant<Result: Sendable>(
        _ tenantID: TenantID, _ body: @Sendable (any TenantScope) async throws -> Result
    ) async throws -> Result

    /// Runs `body`, which only reads, as ``withTenant(_:_:)`` would, but where it may run beside
    /// other transactions: on SQLite a reader connection, so a long read never holds up writes
    /// and two reads use two cores. On SQLite and Postgres a write through the scope fails;
    /// where this defaults to ``withTenant(_:_:)`` (in memory) it does not, so callers never write.
    func readingTenant<Result: Sendable>(
        _ tenantID: TenantID, _ body: @Sendable (any TenantScope) async throws -> Result
    ) async throws -> Result

    /// Workspaces, users and memberships, looked up before a tenant is known.
    var directory: any TenantDirectory { get }
    /// Claiming and settling background jobs across tenants (workers).
    var jobs: any JobQueue { get }
    /// Magic-link tokens, sessions and OAuth transient state.
    var auth: any AuthStore { get }
    /// Named leases, so periodic work runs in one instance at a time.
    var leases: any LeaseStore { get }
    /// Request counters shared by every instance (the sign-in and invitation limits).
    var rateLimits: any RateLimitStore { get }
    /// The reference exchange-rate feed's cached days, shared by every workspace.
    var referenceRates: any ReferenceRateStore { get }

    /// Throws ``StoreError/unavailable(reason:)`` when the backend cannot answer a trivial query.
    func ping() async throws

    /// Where this backend runs its transactions, if on one executor (SQLite's one connection
    /// thread). A loop of transactions that prefers it hops there once, not once per
    /// transaction. Nil where transactions run anywhere.
    var transactionExecutor: (any TaskExecutor)? { get }
}

extension Storage {
    public var transactionExecutor: (any TaskExecutor)? { nil }

    /// Where every transaction may run beside others, a read is one of them.
    public func readingTenant<Result: Sendable>(
        _ tenantID: TenantID, _ body: @Sendable (any TenantScope) async throws -> Result
    ) async throws -> Result {
        try await withTenant(tenantID, body)
    }
}

/// The stores of one tenant inside one transaction.
public protocol TenantScope: Sendable {
    var tenantID: TenantID { get }
    var tenant: any TenantStore { get }
    var members: any MemberStore { get }
    var approvals: any ApprovalStore { get }
    var patterns: any PatternMemory { get }
    var inbox: any EventInbox { get }
    var scheduler: any JobScheduler { get }
    var taps: any CardTapStore { get }
    var personalData: any PersonalDataStore { get }
    var rates: any ExchangeRateStore { get }
    var mirror: any PolicyMirrorStore { get }

    /// Stores the events as ``EventInbox/insertIfAbsent(_:)-([InboxEvent])`` does and, for each
    /// event stored now, enqueues the job `jobs` holds under its id, as
    /// ``JobScheduler/enqueue(_:)-([Job])`` would in the order of `events` (of two jobs of one
    /// kind and subject the first). Jobs of events not stored now are not enqueued. Postgres
    /// does both in one statement, one round trip; elsewhere it is the two steps.
    func record(_ events: [InboxEvent], jobs: [String: Job]) async throws -> RecordedEvents
}
