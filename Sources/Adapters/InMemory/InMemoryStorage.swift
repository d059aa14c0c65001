public import Domain
public import Ports

/// A complete in-memory ``Storage``: the fake used by app tests, held to the same contract
/// suites as SQLite and Postgres.
public final class InMemoryStorage: Storage {
    let database = InMemoryDatabase()
    let sealer: any SecretSealer

    public init(sealer: any SecretSealer) {
        self.sealer = sealer
    }

    public func withTenant<Result: Sendable>(
        _ tenantID: TenantID, _ body: @Sendable (any TenantScope) async throws -> Result
    ) async throws -> Result {
        let scope = InMemoryTenantScope(database: database, tenantID: tenantID, sealer: sealer)
        return try await database.transaction { try await body(scope) }
    }

    public var directory: any TenantDirectory { InMemoryTenantDirectory(database: database) }
    public var jobs: any JobQueue { InMemoryJobQueue(database: database) }
    public var auth: any AuthStore { InMemoryAuthStore(database: database, sealer: sealer) }
    public var leases: any LeaseStore { InMemoryLeaseStore(database: database) }
    public var rateLimits: any RateLimitStore { InMemoryRateLimitStore(database: database) }
    public var referenceRates: any ReferenceRateStore { InMemoryReferenceRateStore(database: database) }

    public func ping() async throws {}
}

struct InMemoryTenantScope: TenantScope {
    let database: InMemoryDatabase
    let tenantID: TenantID
    let sealer: any SecretSealer

    var tenant: any TenantStore { InMemoryTenantStore(database: database, tenantID: tenantID, sealer: sealer) }
    var members: any MemberStore { InMemoryMemberStore(database: database, tenantID: tenantID) }
    var approvals: any ApprovalStore { InMemoryApprovalStore(database: database, tenantID: tenantID) }
    var patterns: any PatternMemory { InMemoryPatternMemory(database: database, tenantID: tenantID) }
    var inbox: any EventInbox { InMemoryEventInbox(database: database, tenantID: tenantID) }
    var scheduler: any JobScheduler { InMemoryJobScheduler(database: database, tenantID: tenantID) }
    var taps: any CardTapStore { InMemoryCardTapStore(database: database, tenantID: tenantID, sealer: sealer) }
    var personalData: any PersonalDataStore { InMemoryPersonalDataStore(database: database, tenantID: tenantID) }
    var rates: any ExchangeRateStore { InMemoryExchangeRateStore(database: database, tenantID: tenantID) }
    var mirror: any PolicyMirrorStore { InMemoryPolicyMirrorStore(database: database, tenantID: tenantID) }
}
