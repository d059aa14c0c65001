import Domain
import Foundation
import Ports

struct SQLTenantStore: TenantStore {
    let session: any SQLSession
    let tenantID: TenantID
    let sealer: any SecretSealer

    private var id: String { tenantID.description }

    func tenant() async throws -> Tenant {
        guard let row = try await session.first("SELECT * FROM tenants WHERE id = $1", id) else {
            throw StoreError.notFound
        }
        return try Tenant(row: row)
    }

    func update(_ tenant: Tenant) async throws {
        guard tenant.id == tenantID else { throw StoreError.tenantMismatch }
        let changed = try await session.execute(
            "UPDATE tenants SET name = $2, lark_domain = $3 WHERE id = $1", id, tenant.name, tenant.larkDomain.rawValue)
        if changed == 0 { throw StoreError.notFound }
    }

    func larkConnection() async throws -> LarkConnection? {
        guard let row = try await session.first("SELECT * FROM lark_connections WHERE tenant_id = $1", id) else {
            return nil
        }
        func open(_ field: LarkConnection.Field) throws -> Secret {
            do {
                return try sealer.open(try row.blob(field.rawValue), context: .tenant(tenantID, field: field.rawValue))
            } catch {
                throw StoreError.corrupt(what: "sealed \(field.rawValue)")
            }
        }
        return LarkConnection(
            tenantID: tenantID, appID: try row.text("app_id"), appSecret: try open(.appSecret),
            encryptKey: try open(.encryptKey), verificationToken: try open(.verificationToken),
            updatedAt: SQLCoding.date(try row.integer("updated_at")))
    }

    func saveLarkConnection(_ connection: LarkConnection) async throws {
        guard connection.tenantID == tenantID else { throw StoreError.tenantMismatch }
        func sealed(_ field: LarkConnection.Field) throws -> [UInt8] {
            try sealer.seal(connection.secret(field), context: .tenant(tenantID, field: field.rawValue))
        }
        try await session.execute(
            """
            INSERT INTO lark_connections (tenant_id, app_id, app_secret, encrypt_key, verification_token, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tenant_id) DO UPDATE SET app_id = excluded.app_id, app_secret = excluded.app_secret,
              encrypt_key = excluded.encrypt_key, verification_token = excluded.verification_token,
              updated_at = excluded.updated_at
            """,
            id, connection.appID, try sealed(.appSecret), try sealed(.encryptKey), try sealed(.verificationToken),
            SQLCoding.millis(connection.updatedAt))
    }

    func deleteLarkConnection() async throws {
        try await session.execute("DELETE FROM lark_connections WHERE tenant_id = $1", id)
    }

    func policy() async throws -> PolicySettings {
        guard let row = try await session.first("SELECT settings FROM policies WHERE tenant_id = $1", id) else {
            return .defaults
        }
        return try SQLCoding.decode(PolicySettings.self, from: try row.text("settings"))
    }

    func savePolicy(_ policy: PolicySettings) async throws {
        try await session.execute(
            """
            INSERT INTO policies (tenant_id, settings) VALUES ($1, $2)
            ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings
            """, id, try SQLCoding.json(policy))
    }
}
