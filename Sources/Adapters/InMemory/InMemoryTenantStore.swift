import Domain
import Ports

struct InMemoryTenantStore: TenantStore {
    let database: InMemoryDatabase
    let tenantID: TenantID
    let sealer: any SecretSealer

    func tenant() async throws -> Tenant {
        guard let tenant = await database.read({ [tenantID] in $0.tenants[tenantID] }) else {
            throw StoreError.notFound
        }
        return tenant
    }

    func update(_ tenant: Tenant) async throws {
        guard tenant.id == tenantID else { throw StoreError.tenantMismatch }
        try await database.write { tables in
            guard var stored = tables.tenants[tenant.id] else { throw StoreError.notFound }
            stored.name = tenant.name
            stored.larkDomain = tenant.larkDomain
            tables.tenants[tenant.id] = stored
        }
    }

    func larkConnection() async throws -> LarkConnection? {
        guard let stored = await database.read({ [tenantID] in $0.connections[tenantID] }) else { return nil }
        func open(_ field: LarkConnection.Field) throws -> Secret {
            do {
                return try sealer.open(stored.sealed[field] ?? [], context: .tenant(tenantID, field: field.rawValue))
            } catch {
                throw StoreError.corrupt(what: "sealed \(field.rawValue)")
            }
        }
        return LarkConnection(
            tenantID: tenantID, appID: stored.appID, appSecret: try open(.appSecret), encryptKey: try open(.encryptKey),
            verificationToken: try open(.verificationToken), updatedAt: stored.updatedAt)
    }

    func saveLarkConnection(_ connection: LarkConnection) async throws {
        guard connection.tenantID == tenantID else { throw StoreError.tenantMismatch }
        var sealed: [LarkConnection.Field: [UInt8]] = [:]
        for field in LarkConnection.Field.allCases {
            sealed[field] = try sealer.seal(connection.secret(field), context: .tenant(tenantID, field: field.rawValue))
        }
        let row = InMemoryTables.SealedConnection(
            appID: connection.appID, sealed: sealed, updatedAt: connection.updatedAt)
        try await database.write { [tenantID] tables in
            guard tables.tenants[tenantID] != nil else { throw StoreError.invalidReference }
            tables.connections[tenantID] = row
        }
    }

    func deleteLarkConnection() async throws {
        await database.write { [tenantID] in $0.connections[tenantID] = nil }
    }

    func policy() async throws -> PolicySettings {
        await database.read { [tenantID] in $0.policies[tenantID] } ?? .defaults
    }

    func savePolicy(_ policy: PolicySettings) async throws {
        try await database.write { [tenantID] tables in
            guard tables.tenants[tenantID] != nil else { throw StoreError.invalidReference }
            tables.policies[tenantID] = policy
        }
    }
}
