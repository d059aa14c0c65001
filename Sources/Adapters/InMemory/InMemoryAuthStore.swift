import Domain
import Foundation
import Ports

struct InMemoryAuthStore: AuthStore {
    let database: InMemoryDatabase
    let sealer: any SecretSealer

    func insertMagicLink(_ token: MagicLinkToken) async throws {
        try await database.transaction {
            try await database.write { tables in
                guard tables.magicLinks[token.tokenHash] == nil else { throw StoreError.duplicate }
                for (hash, link) in tables.magicLinks where link.email == token.email && link.consumedAt == nil {
                    tables.magicLinks[hash]?.consumedAt = token.createdAt
                }
                tables.magicLinks[token.tokenHash] = token
            }
        }
    }

    func consumeMagicLink(hash: [UInt8], now: Date) async throws -> MagicLinkToken? {
        try await database.transaction {
            await database.write { tables in
                guard var token = tables.magicLinks[hash], token.isRedeemable(at: now) else { return nil }
                token.consumedAt = now
                tables.magicLinks[hash] = token
                return token
            }
        }
    }

    func magicLinksIssued(to email: EmailAddress, since: Date) async throws -> Int {
        await database.read { $0.magicLinks.values.filter { $0.email == email && $0.createdAt >= since }.count }
    }

    func insertSession(_ session: Session) async throws {
        try await database.transaction {
            try await database.write { tables in
                guard tables.users[session.userID] != nil else { throw StoreError.invalidReference }
                guard tables.sessions[session.idHash] == nil else { throw StoreError.duplicate }
                tables.sessions[session.idHash] = session
            }
        }
    }

    func session(hash: [UInt8], now: Date) async throws -> Session? {
        try await database.transaction {
            await database.write { tables in
                guard let session = tables.sessions[hash] else { return nil }
                guard session.isValid(at: now) else {
                    tables.sessions[hash] = nil
                    return nil
                }
                return session
            }
        }
    }

    func touchSession(hash: [UInt8], lastSeenAt: Date, activeTenantID: TenantID?) async throws {
        try await database.transaction {
            await database.write { tables in
                tables.sessions[hash]?.lastSeenAt = lastSeenAt
                tables.sessions[hash]?.activeTenantID = activeTenantID
            }
        }
    }

    func deleteSession(hash: [UInt8]) async throws {
        try await database.transaction { await database.write { $0.sessions[hash] = nil } }
    }

    func deleteSessions(of userID: UserID) async throws {
        try await database.transaction {
            await database.write { tables in tables.sessions = tables.sessions.filter { $0.value.userID != userID } }
        }
    }

    func insertOAuthState(_ state: OAuthState) async throws {
        let nonce = try sealer.seal(state.nonce, context: .oauth(stateHash: state.stateHash, field: "nonce"))
        let verifier = try sealer.seal(
            state.codeVerifier, context: .oauth(stateHash: state.stateHash, field: "code_verifier"))
        try await database.transaction {
            try await database.write { tables in
                guard tables.oauthStates[state.stateHash] == nil else { throw StoreError.duplicate }
                tables.oauthStates[state.stateHash] = (nonce, verifier, state.expiresAt)
            }
        }
    }

    func consumeOAuthState(hash: [UInt8], now: Date) async throws -> OAuthState? {
        let stored = try await database.transaction {
            await database.write { tables in tables.oauthStates.removeValue(forKey: hash) }
        }
        guard let stored, now < stored.expiresAt else { return nil }
        do {
            return OAuthState(
                stateHash: hash,
                nonce: try sealer.open(stored.nonce, context: .oauth(stateHash: hash, field: "nonce")),
                codeVerifier: try sealer.open(
                    stored.verifier, context: .oauth(stateHash: hash, field: "code_verifier")),
                expiresAt: stored.expiresAt)
        } catch {
            throw StoreError.corrupt(what: "sealed oauth state")
        }
    }

    func purgeExpired(now: Date, linksCreatedBefore: Date) async throws -> Int {
        try await database.transaction {
            await database.write { tables in
                let sessions = tables.sessions.filter { !$0.value.isValid(at: now) }.keys
                let states = tables.oauthStates.filter { $0.value.expiresAt <= now }.keys
                let links = tables.magicLinks.filter { $0.value.createdAt < linksCreatedBefore }.keys
                for hash in sessions { tables.sessions[hash] = nil }
                for hash in states { tables.oauthStates[hash] = nil }
                for hash in links { tables.magicLinks[hash] = nil }
                return sessions.count + states.count + links.count
            }
        }
    }
}
