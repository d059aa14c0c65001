import Crypto
public import Domain
import Foundation
public import Ports

/// Magic-link and Google sign-in, and sessions. Links are 256-bit tokens stored only as SHA-256,
/// single use, 15 minutes, superseded by newer ones; every sign-in opens a fresh session. Unknown
/// e-mails get a new workspace on first sign-in; invited ones join the inviting workspace. Answers
/// never reveal whether an address is known.
public struct SignInService: Sendable {
    let storage: any Storage
    let mailer: any Mailer
    let rateLimiter: SharedRateLimiter
    let runtime: Runtime

    /// Per client address: link requests and redeem attempts in a minute and in an hour.
    public static let addressLimits = (perMinute: 10, perHour: 30)

    /// Sends a link unless the address had one in the last minute or five in the last hour; the
    /// caller answers the same either way. Throws ``ApplicationError/rateLimited`` when the client
    /// address made too many requests (which reveals nothing about the e-mail).
    /// The mail is in the person's chosen language, else `language` (the page's).
    public func requestLink(for email: EmailAddress, from client: String, language: Language = .english) async throws {
        let now = runtime.clock.now()
        try await limitAddress(client, action: "link", now: now)
        let auth = storage.auth
        guard try await auth.magicLinksIssued(to: email, since: now.addingTimeInterval(-60)) == 0,
            try await auth.magicLinksIssued(to: email, since: now.addingTimeInterval(-3600)) < 5
        else { return }
        let link = try await issueLink(for: email)
        let t = Localizer(try await storage.directory.user(email: email)?.language ?? language)
        try await mailer.send(
            MailMessage(to: email, subject: t(.mailSignInSubject), body: t(.mailSignInBody, ["link": link])))
    }

    /// Remembers the dashboard language a person chose, for every browser they sign in from.
    public func setLanguage(_ language: Language, for userID: UserID) async throws {
        guard var user = try await storage.directory.user(id: userID) else { throw ApplicationError.notFound }
        guard user.language != language else { return }
        user.language = language
        try await storage.directory.updateUser(user)
    }

    /// Stores a new link for the address (superseding older ones) and returns its URL.
    public func issueLink(for email: EmailAddress) async throws -> String {
        let token = Base64URL.encode(runtime.randomness.bytes(32))
        try await storage.auth.insertMagicLink(
            MagicLinkToken(tokenHash: Self.hash(token), email: email, createdAt: runtime.clock.now()))
        return runtime.baseURL
            + "/sign-in/confirm#token=" + token
    }

    public struct SignedIn: Sendable {
        public let user: User
        public let memberships: [Member]
        /// The cookie value; only its hash is stored.
        public let sessionToken: String
    }

    /// Consumes the link and opens a session; nil for an unknown, used or expired link. A session
    /// the browser already had (`replacing`) is ended, so no session id survives a sign-in.
    public func redeem(_ token: String, from client: String, replacing previous: String? = nil) async throws
        -> SignedIn?
    {
        let now = runtime.clock.now()
        try await limitAddress(client, action: "redeem", now: now)
        guard let link = try await storage.auth.consumeMagicLink(hash: Self.hash(token), now: now) else {
            runtime.metrics.signIn(method: "magic_link", succeeded: false)
            return nil
        }
        let user = try await userForEmail(link.email, now: now)
        let signedIn = try await openSession(for: user, now: now, replacing: previous)
        runtime.metrics.signIn(method: "magic_link", succeeded: true)
        return signedIn
    }

    /// Signs in a person Google vouched for: found by Google subject, else linked by a verified
    /// e-mail, else created.
    public func signIn(google identity: VerifiedIdentity, replacing previous: String? = nil) async throws -> SignedIn {
        let now = runtime.clock.now()
        let directory = storage.directory
        var user: User
        if let known = try await directory.user(googleSubject: identity.subject) {
            user = known
        } else if let existing = try await directory.user(email: identity.email) {
            guard identity.isAuthoritativeForEmail, existing.googleSubject == nil else {
                throw ApplicationError(
                    .conflict, code: "google_link_refused",
                    message: "An account with this e-mail already exists: sign in with an e-mail link instead.")
            }
            user = existing
            user.googleSubject = identity.subject
            try await directory.updateUser(user)
        } else {
            user = User(
                id: runtime.randomness.identifier(), email: identity.email, googleSubject: identity.subject,
                createdAt: now)
            try await directory.createUser(user)
        }
        return try await openSession(for: user, now: now, replacing: previous)
    }

    private func userForEmail(_ email: EmailAddress, now: Date) async throws -> User {
        let directory = storage.directory
        if let existing = try await directory.user(email: email) { return existing }
        let user = User(id: runtime.randomness.identifier(), email: email, createdAt: now)
        try await directory.createUser(user)
        return user
    }

    private func openSession(for user: User, now: Date, replacing previous: String?) async throws -> SignedIn {
        if let previous { try await storage.auth.deleteSession(hash: Self.hash(previous)) }
        let directory = storage.directory
        var memberships = try await directory.memberships(of: user.id)
        if memberships.isEmpty {
            let domain = user.email.value.split(separator: "@").last.map(String.init) ?? "my"
            let tenant = Tenant(
                id: runtime.randomness.identifier(), name: "\(domain) workspace", larkDomain: .lark,
                endpointID: runtime.randomness.endpointID(), createdAt: now)
            try await directory.createWorkspace(tenant, owner: user.id)
            memberships = try await directory.memberships(of: user.id)
        }
        let sessionToken = Base64URL.encode(runtime.randomness.bytes(32))
        try await storage.auth.insertSession(
            Session(
                idHash: Self.hash(sessionToken), userID: user.id, activeTenantID: memberships.first?.tenantID,
                createdAt: now,
                lastSeenAt: now))
        return SignedIn(user: user, memberships: memberships, sessionToken: sessionToken)
    }

    public struct Current: Sendable {
        public let user: User
        public let memberships: [Member]
        public let session: Session
    }

    /// The signed-in user behind a session cookie, refreshing its idle timer.
    public func current(sessionToken: String) async throws -> Current? {
        let now = runtime.clock.now()
        let hash = Self.hash(sessionToken)
        guard let session = try await storage.auth.session(hash: hash, now: now),
            let user = try await storage.directory.user(id: session.userID)
        else { return nil }
        try await storage.auth.touchSession(hash: hash, lastSeenAt: now, activeTenantID: session.activeTenantID)
        return Current(user: user, memberships: try await storage.directory.memberships(of: user.id), session: session)
    }

    /// Makes another of the caller's workspaces the active one.
    public func switchWorkspace(_ caller: Caller, to tenantID: TenantID) async throws {
        guard caller.memberships.contains(where: { $0.tenantID == tenantID }) else { throw ApplicationError.notFound }
        try await storage.auth.touchSession(
            hash: Self.hash(caller.sessionToken), lastSeenAt: runtime.clock.now(), activeTenantID: tenantID)
    }

    public func signOut(sessionToken: String) async throws {
        try await storage.auth.deleteSession(hash: Self.hash(sessionToken))
    }

    public func signOutEverywhere(_ userID: UserID) async throws {
        try await storage.auth.deleteSessions(of: userID)
    }

    private func limitAddress(_ client: String, action: String, now: Date) async throws {
        let limiter = rateLimiter
        guard try await limiter.allow("\(action)/m/\(client)", limit: Self.addressLimits.perMinute, per: 60, now: now),
            try await limiter.allow("\(action)/h/\(client)", limit: Self.addressLimits.perHour, per: 3600, now: now)
        else {
            runtime.metrics.rateLimited("sign_in_\(action)")
            throw ApplicationError.rateLimited
        }
    }

    public static func hash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }
}
