import Crypto
import Domain
import Foundation
import Ports

/// Magic-link sign-in: links are 256-bit tokens stored only as SHA-256, single use, 15 minutes,
/// superseded by newer ones; redeeming one creates a fresh session. Unknown e-mails get a new
/// workspace on first sign-in. Answers never reveal whether an address is known.
struct SignInService: Sendable {
    let services: AppServices

    /// Sends a link unless the address had one in the last minute or five in the last hour; the
    /// caller answers the same either way.
    func requestLink(for email: EmailAddress) async throws {
        let now = services.clock.now()
        let auth = services.storage.auth
        guard try await auth.magicLinksIssued(to: email, since: now.addingTimeInterval(-60)) == 0,
            try await auth.magicLinksIssued(to: email, since: now.addingTimeInterval(-3600)) < 5
        else { return }
        let token = Self.base64URL(services.randomness.bytes(32))
        try await auth.insertMagicLink(MagicLinkToken(tokenHash: Self.hash(token), email: email, createdAt: now))
        let link = services.publicURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/sign-in/confirm#token=" + token
        try await services.mailer.send(MailMessage(
            to: email, subject: "Your Kopi sign-in link",
            body: "Sign in to Kopi within 15 minutes with this link:\n\n\(link)\n\nIf you did not ask for it, ignore this message."))
    }

    struct SignedIn: Sendable {
        let user: User
        let memberships: [Member]
        /// The cookie value; only its hash is stored.
        let sessionToken: String
    }

    /// Consumes the link and opens a session; nil for an unknown, used or expired link.
    func redeem(_ token: String) async throws -> SignedIn? {
        let now = services.clock.now()
        guard let link = try await services.storage.auth.consumeMagicLink(hash: Self.hash(token), now: now) else { return nil }
        let directory = services.storage.directory
        let user: User
        if let existing = try await directory.user(email: link.email) {
            user = existing
        } else {
            user = User(id: services.randomness.identifier(), email: link.email, createdAt: now)
            try await directory.createUser(user)
        }
        var memberships = try await directory.memberships(of: user.id)
        if memberships.isEmpty {
            let domain = link.email.value.split(separator: "@").last.map(String.init) ?? "my"
            let tenant = Tenant(id: services.randomness.identifier(), name: "\(domain) workspace", larkDomain: .lark, endpointID: services.randomness.endpointID(), createdAt: now)
            try await directory.createWorkspace(tenant, owner: user.id)
            memberships = try await directory.memberships(of: user.id)
        }
        let sessionToken = Self.base64URL(services.randomness.bytes(32))
        try await services.storage.auth.insertSession(Session(
            idHash: Self.hash(sessionToken), userID: user.id, activeTenantID: memberships.first?.tenantID, createdAt: now, lastSeenAt: now))
        return SignedIn(user: user, memberships: memberships, sessionToken: sessionToken)
    }

    /// The signed-in user behind a session cookie, refreshing its idle timer.
    func current(sessionToken: String) async throws -> (User, [Member], Session)? {
        let now = services.clock.now()
        let hash = Self.hash(sessionToken)
        guard let session = try await services.storage.auth.session(hash: hash, now: now),
            let user = try await services.storage.directory.user(id: session.userID)
        else { return nil }
        try await services.storage.auth.touchSession(hash: hash, lastSeenAt: now, activeTenantID: session.activeTenantID)
        return (user, try await services.storage.directory.memberships(of: user.id), session)
    }

    func signOut(sessionToken: String) async throws {
        try await services.storage.auth.deleteSession(hash: Self.hash(sessionToken))
    }

    static func hash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
