import Domain
import Ports

/// What `kopi reseal` did and what is left: a key id can be retired from `KOPI_MASTER_KEY` once
/// nothing remains sealed under it.
public struct ResealReport: Sendable, Equatable {
    public var currentKeyID: String
    /// Values sealed again under the current key.
    public var resealed = 0
    /// Values still sealed under another key afterwards, by key id (ones that could not be opened).
    public var remaining: [String: Int] = [:]

    mutating func add(_ other: ResealReport) {
        resealed += other.resealed
        remaining.merge(other.remaining, uniquingKeysWith: +)
    }
}

extension SQLStorage {
    /// Seals every stored secret again under the sealer's current key: each tenant's Lark app
    /// secret, encrypt key and verification token and its card callback tokens (one tenant
    /// transaction each, so row-level security holds), then pending OAuth values. A value that
    /// cannot be opened (its key is not in the keyring, or it was altered) is left and counted.
    public func reseal() async throws -> ResealReport {
        var report = ResealReport(currentKeyID: sealer.currentKeyID)
        for tenant in try await directory.allTenants() {
            report.add(
                try await database.transaction(tenant: tenant.id.description, user: nil) { [sealer] session in
                    try await Self.reseal(
                        try await Self.secrets(of: tenant.id, session), sealer: sealer, session: session)
                })
        }
        report.add(
            try await database.transaction { [sealer] session in
                try await Self.reseal(try await Self.pendingSignInSecrets(session), sealer: sealer, session: session)
            })
        return report
    }

    /// Tries to open every stored secret, changing nothing: after a restore, whether the master
    /// key at hand is the one the backup's secrets were sealed under.
    public func openableSecrets() async throws -> SealedSecretsCheck {
        var check = SealedSecretsCheck()
        for tenant in try await directory.allTenants() {
            check.add(
                try await database.transaction(tenant: tenant.id.description, user: nil) { [sealer] session in
                    Self.check(try await Self.secrets(of: tenant.id, session), sealer: sealer)
                })
        }
        check.add(
            try await database.transaction { [sealer] session in
                Self.check(try await Self.pendingSignInSecrets(session), sealer: sealer)
            })
        return check
    }

    private static func check(_ values: [SealedValue], sealer: any SecretSealer) -> SealedSecretsCheck {
        var check = SealedSecretsCheck()
        for value in values {
            check.total += 1
            if (try? sealer.open(value.sealed, context: value.context)) == nil {
                check.unopenable[sealer.keyID(of: value.sealed) ?? "(unreadable)", default: 0] += 1
            }
        }
        return check
    }

    /// A tenant's Lark app secret, encrypt key and verification token, and its card callback tokens.
    private static func secrets(of tenant: TenantID, _ session: any SQLSession) async throws -> [SealedValue] {
        var values: [SealedValue] = []
        if let row = try await session.first(
            "SELECT app_secret, encrypt_key, verification_token FROM lark_connections WHERE tenant_id = $1",
            tenant.description)
        {
            for column in ["app_secret", "encrypt_key", "verification_token"] {
                values.append(
                    SealedValue(
                        sealed: try row.blob(column), context: .tenant(tenant, field: column),
                        update: "UPDATE lark_connections SET \(column) = $1 WHERE tenant_id = $2",
                        keys: [.text(tenant.description)]))
            }
        }
        for row in try await session.query(
            "SELECT id, update_token FROM card_taps WHERE tenant_id = $1 AND update_token IS NOT NULL",
            tenant.description)
        {
            let id = try row.text("id")
            values.append(
                SealedValue(
                    sealed: try row.blob("update_token"), context: .tenant(tenant, field: "card_tap_token:\(id)"),
                    update: "UPDATE card_taps SET update_token = $1 WHERE tenant_id = $2 AND id = $3",
                    keys: [.text(tenant.description), .text(id)]))
        }
        return values
    }

    /// The nonce and PKCE verifier of Google sign-ins under way.
    private static func pendingSignInSecrets(_ session: any SQLSession) async throws -> [SealedValue] {
        var values: [SealedValue] = []
        for row in try await session.query("SELECT state_hash, nonce, code_verifier FROM oauth_states", []) {
            let hash = try row.blob("state_hash")
            for column in ["nonce", "code_verifier"] {
                values.append(
                    SealedValue(
                        sealed: try row.blob(column), context: .oauth(stateHash: hash, field: column),
                        update: "UPDATE oauth_states SET \(column) = $1 WHERE state_hash = $2", keys: [.blob(hash)]))
            }
        }
        return values
    }

    /// A sealed column of one row, with the statement that replaces it: `$1` the new value,
    /// then `keys` naming the row.
    private struct SealedValue {
        let sealed: [UInt8]
        let context: SealingContext
        let update: String
        let keys: [SQLValue]
    }

    private static func reseal(_ values: [SealedValue], sealer: any SecretSealer, session: any SQLSession)
        async throws -> ResealReport
    {
        var report = ResealReport(currentKeyID: sealer.currentKeyID)
        for value in values {
            let keyID = sealer.keyID(of: value.sealed) ?? "(unreadable)"
            guard keyID != sealer.currentKeyID else { continue }
            guard let secret = try? sealer.open(value.sealed, context: value.context) else {
                report.remaining[keyID, default: 0] += 1
                continue
            }
            try await session.execute(
                value.update, [.blob(try sealer.seal(secret, context: value.context))] + value.keys)
            report.resealed += 1
        }
        return report
    }
}
