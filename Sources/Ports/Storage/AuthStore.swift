public import Domain
public import Foundation

/// Sign-in material, stored only as hashes.
public protocol AuthStore: Sendable {
    /// Stores a new link for the e-mail and consumes every earlier unconsumed one for it
    /// (a newer link supersedes older ones). Throws ``StoreError/duplicate`` for a reused hash.
    func insertMagicLink(_ token: MagicLinkToken) async throws
    /// Atomically consumes the token with this hash when it is redeemable at `now`, returning it.
    /// Of any number of concurrent calls, at most one returns a token. Expired, consumed and
    /// unknown hashes all return nil.
    func consumeMagicLink(hash: [UInt8], now: Date) async throws -> MagicLinkToken?
    /// How many links were issued for the e-mail at or after `since` (rate limiting).
    func magicLinksIssued(to email: EmailAddress, since: Date) async throws -> Int

    /// Throws ``StoreError/duplicate`` for a reused hash.
    func insertSession(_ session: Session) async throws
    /// The session when it exists and is valid at `now`; an expired one is deleted and nil returned.
    func session(hash: [UInt8], now: Date) async throws -> Session?
    /// Moves `lastSeenAt` forward and sets the active workspace.
    func touchSession(hash: [UInt8], lastSeenAt: Date, activeTenantID: TenantID?) async throws
    func deleteSession(hash: [UInt8]) async throws
    /// Ends every session of a user (sign-out everywhere, removal from the last workspace).
    func deleteSessions(of userID: UserID) async throws

    /// Stores OAuth state (hash of the `state` value) with its nonce and PKCE verifier, sealed.
    func insertOAuthState(_ state: OAuthState) async throws
    /// Atomically consumes the state when unexpired at `now`.
    func consumeOAuthState(hash: [UInt8], now: Date) async throws -> OAuthState?

    /// Deletes what can no longer be used at `now`: sessions past their idle or absolute timeout,
    /// OAuth states past expiry, and magic links created before `linksCreatedBefore` (kept until
    /// then, used or not, for the sign-in limits that count them). Returns how many rows went.
    func purgeExpired(now: Date, linksCreatedBefore: Date) async throws -> Int
}

/// What a Google sign-in must remember between the redirect out and the callback.
public struct OAuthState: Hashable, Sendable {
    public let stateHash: [UInt8]
    public let nonce: Secret
    public let codeVerifier: Secret
    public let expiresAt: Date

    public init(stateHash: [UInt8], nonce: Secret, codeVerifier: Secret, expiresAt: Date) {
        self.stateHash = stateHash
        self.nonce = nonce
        self.codeVerifier = codeVerifier
        self.expiresAt = expiresAt
    }
}
