public import Domain
public import Ports

/// ``Storage`` over any ``SQLDatabase``: the store code is written once for SQLite and Postgres.
public final class SQLStorage: Storage {
    let database: any SQLDatabase
    let sealer: any SecretSealer

    init(database: any SQLDatabase, sealer: any SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    public func withTenant<Result: Sendable>(
        _ tenantID: TenantID, _ body: @Sendable (any TenantScope) async throws -> Result
    ) async throws -> Result {
        try await database.transaction(tenant: tenantID.description, user: nil) { [sealer] session in
            try await body(SQLTenantScope(session: session, tenantID: tenantID, sealer: sealer))
        }
    }

    public func readingTenant<Result: Sendable>(
        _ tenantID: TenantID, _ body: @Sendable (any TenantScope) async throws -> Result
    ) async throws -> Result {
        try await database.read(tenant: tenantID.description, user: nil) { [sealer] session in
            try await body(SQLTenantScope(session: session, tenantID: tenantID, sealer: sealer))
        }
    }

    public var directory: any TenantDirectory { SQLTenantDirectory(database: database) }
    public var jobs: any JobQueue { SQLJobQueue(database: database) }
    public var auth: any AuthStore { SQLAuthStore(database: database, sealer: sealer) }
    public var leases: any LeaseStore { SQLLeaseStore(database: database) }
    public var rateLimits: any RateLimitStore { SQLRateLimitStore(database: database) }
    public var referenceRates: any ReferenceRateStore { SQLReferenceRateStore(database: database) }

    public func ping() async throws {
        try await database.autocommit { session in _ = try await session.query("SELECT 1 AS one", []) }
    }

    public var transactionExecutor: (any TaskExecutor)? { database.transactionExecutor }

    /// Closes every connection; the storage must not be used afterwards.
    public func close() async { await database.close() }

    /// Runs `body`, then closes the storage whether or not `body` threw.
    public func closing<Result>(after body: (SQLStorage) async throws -> Result) async throws -> Result {
        do {
            let result = try await body(self)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }
}

struct SQLTenantScope: TenantScope {
    let session: any SQLSession
    let tenantID: TenantID
    let sealer: any SecretSealer

    var tenant: any TenantStore { SQLTenantStore(session: session, tenantID: tenantID, sealer: sealer) }
    var members: any MemberStore { SQLMemberStore(session: session, tenantID: tenantID) }
    var approvals: any ApprovalStore { SQLApprovalStore(session: session, tenantID: tenantID) }
    var patterns: any PatternMemory { SQLPatternMemory(session: session, tenantID: tenantID) }
    var inbox: any EventInbox { SQLEventInbox(session: session, tenantID: tenantID) }
    var scheduler: any JobScheduler { SQLJobScheduler(session: session, tenantID: tenantID) }
    var taps: any CardTapStore { SQLCardTapStore(session: session, tenantID: tenantID, sealer: sealer) }
    var personalData: any PersonalDataStore { SQLPersonalDataStore(session: session, tenantID: tenantID) }
    var rates: any ExchangeRateStore { SQLExchangeRateStore(session: session, tenantID: tenantID) }
    var mirror: any PolicyMirrorStore { SQLPolicyMirrorStore(session: session, tenantID: tenantID) }

    /// One statement on Postgres, where each statement is a round trip; two on SQLite, which
    /// has no round trips to save (and no data-modifying CTEs).
    func record(_ events: [InboxEvent], jobs: [String: Job]) async throws -> RecordedEvents {
        guard session.dialect == .postgres else { return try await recordInTwoSteps(events, jobs: jobs) }
        return try await SQLEventIntake(session: session, tenantID: tenantID).record(events, jobs: jobs)
    }
}

extension SQLStorage {
    /// Warnings about how the runtime role can bypass row-level security on Postgres: a
    /// superuser or BYPASSRLS role, or a role owning the tables. Empty on SQLite.
    public func rowLevelSecurityWarnings() async throws -> [String] {
        guard database.dialect == .postgres else { return [] }
        return try await database.transaction { session in
            var warnings: [String] = []
            if let row = try await session.first(
                "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            {
                if try row.integer("rolsuper") == 1 {
                    warnings.append("the database role is a superuser: row-level security is bypassed")
                }
                if try row.integer("rolbypassrls") == 1 { warnings.append("the database role has BYPASSRLS") }
            }
            let owned = try await session.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tableowner = current_user", [])
            if !owned.isEmpty {
                warnings.append(
                    "the database role owns the tables; run migrations as a separate owner (KOPI_DATABASE_OWNER_URL)")
            }
            return warnings
        }
    }
}
