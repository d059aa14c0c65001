import Domain
import Foundation
import Ports

struct SQLAuthStore: AuthStore {
    let database: any SQLDatabase
    let sealer: any SecretSealer

    func insertMagicLink(_ token: MagicLinkToken) async throws {
        try await database.transaction { session in
            try await session.execute(
                "UPDATE magic_links SET consumed_at = $2 WHERE email = $1 AND consumed_at IS NULL",
                token.email.value, SQLCoding.millis(token.createdAt))
            try await session.execute(
                "INSERT INTO magic_links (token_hash, email, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                token.tokenHash, token.email.value, SQLCoding.millis(token.createdAt), SQLCoding.millis(token.expiresAt)
            )
        }
    }

    func consumeMagicLink(hash: [UInt8], now: Date) async throws -> MagicLinkToken? {
        try await database.transaction { session in
            guard
                let row = try await session.first(
                    """
                    UPDATE magic_links SET consumed_at = $2
                    WHERE token_hash = $1 AND consumed_at IS NULL AND expires_at > $2
                    RETURNING email, created_at, expires_at, consumed_at
                    """, hash, SQLCoding.millis(now))
            else { return nil }
            guard let email = EmailAddress(try row.text("email")) else { throw StoreError.corrupt(what: "magic link") }
            return MagicLinkToken.restored(
                tokenHash: hash, email: email, createdAt: SQLCoding.date(try row.integer("created_at")),
                expiresAt: SQLCoding.date(try row.integer("expires_at")),
                consumedAt: try row.optionalInteger("consumed_at").map(SQLCoding.date))
        }
    }

    func magicLinksIssued(to email: EmailAddress, since: Date) async throws -> Int {
        try await database.transaction { session in
            let row = try await session.first(
                "SELECT COUNT(*) AS n FROM magic_links WHERE email = $1 AND created_at >= $2",
                email.value, SQLCoding.millis(since))
            return Int(try row?.integer("n") ?? 0)
        }
    }

    func insertSession(_ session: Session) async throws {
        try await database.transaction { sql in
            try await sql.execute(
                "INSERT INTO sessions (id_hash, user_id, active_tenant_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)",
                session.idHash, session.userID.description, session.activeTenantID?.description,
                SQLCoding.millis(session.createdAt), SQLCoding.millis(session.lastSeenAt))
        }
    }

    func session(hash: [UInt8], now: Date) async throws -> Session? {
        try await database.transaction { sql in
            guard let row = try await sql.first("SELECT * FROM sessions WHERE id_hash = $1", hash) else { return nil }
            guard let user = UserID(try row.text("user_id")) else { throw StoreError.corrupt(what: "session") }
            let session = Session(
                idHash: hash, userID: user,
                activeTenantID: try row.optionalText("active_tenant_id").flatMap(TenantID.init),
                createdAt: SQLCoding.date(try row.integer("created_at")),
                lastSeenAt: SQLCoding.date(try row.integer("last_seen_at")))
            guard session.isValid(at: now) else {
                try await sql.execute("DELETE FROM sessions WHERE id_hash = $1", hash)
                return nil
            }
            return session
        }
    }

    func touchSession(hash: [UInt8], lastSeenAt: Date, activeTenantID: TenantID?) async throws {
        try await database.transaction { sql in
            try await sql.execute(
                "UPDATE sessions SET last_seen_at = $2, active_tenant_id = $3 WHERE id_hash = $1",
                hash, SQLCoding.millis(lastSeenAt), activeTenantID?.description)
        }
    }

    func deleteSession(hash: [UInt8]) async throws {
        try await database.transaction { sql in try await sql.execute("DELETE FROM sessions WHERE id_hash = $1", hash) }
    }

    func deleteSessions(of userID: UserID) async throws {
        try await database.transaction { sql in
            try await sql.execute("DELETE FROM sessions WHERE user_id = $1", userID.description)
        }
    }

    func insertOAuthState(_ state: OAuthState) async throws {
        let nonce = try sealer.seal(state.nonce, context: .oauth(stateHash: state.stateHash, field: "nonce"))
        let verifier = try sealer.seal(
            state.codeVerifier, context: .oauth(stateHash: state.stateHash, field: "code_verifier"))
        try await database.transaction { sql in
            try await sql.execute(
                "INSERT INTO oauth_states (state_hash, nonce, code_verifier, expires_at) VALUES ($1, $2, $3, $4)",
                state.stateHash, nonce, verifier, SQLCoding.millis(state.expiresAt))
        }
    }

    func consumeOAuthState(hash: [UInt8], now: Date) async throws -> OAuthState? {
        let row = try await database.transaction { sql in
            try await sql.first(
                "DELETE FROM oauth_states WHERE state_hash = $1 RETURNING nonce, code_verifier, expires_at", hash)
        }
        guard let row else { return nil }
        let expiresAt = SQLCoding.date(try row.integer("expires_at"))
        guard now < expiresAt else { return nil }
        do {
            return OAuthState(
                stateHash: hash,
                nonce: try sealer.open(try row.blob("nonce"), context: .oauth(stateHash: hash, field: "nonce")),
                codeVerifier: try sealer.open(
                    try row.blob("code_verifier"), context: .oauth(stateHash: hash, field: "code_verifier")),
                expiresAt: expiresAt)
        } catch {
            throw StoreError.corrupt(what: "sealed oauth state")
        }
    }

    func purgeExpired(now: Date, linksCreatedBefore: Date) async throws -> Int {
        try await database.transaction { sql in
            let sessions = try await sql.execute(
                "DELETE FROM sessions WHERE created_at <= $1 OR last_seen_at <= $2",
                SQLCoding.millis(now.addingTimeInterval(-Session.absoluteTimeout)),
                SQLCoding.millis(now.addingTimeInterval(-Session.idleTimeout)))
            let states = try await sql.execute("DELETE FROM oauth_states WHERE expires_at <= $1", SQLCoding.millis(now))
            let links = try await sql.execute(
                "DELETE FROM magic_links WHERE created_at < $1", SQLCoding.millis(linksCreatedBefore))
            return sessions + states + links
        }
    }
}
