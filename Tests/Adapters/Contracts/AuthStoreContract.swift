import Domain
import Foundation
import Ports
import Testing

@Suite("AuthStore contract")
struct AuthStoreContract {
    static func hash() -> [UInt8] { Fixtures.randomness.bytes(32) }

    @Test("A magic link is consumed once, and never after 15 minutes", arguments: StoreKind.allCases)
    func magicLinkSingleUse(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let auth = test.storage.auth
            let email = EmailAddress("ana@example.com")!
            let fresh = MagicLinkToken(tokenHash: Self.hash(), email: email, createdAt: Fixtures.epoch)
            try await auth.insertMagicLink(fresh)
            let consumed = try #require(try await auth.consumeMagicLink(hash: fresh.tokenHash, now: Fixtures.time(60)))
            #expect(consumed.email == email)
            #expect(try await auth.consumeMagicLink(hash: fresh.tokenHash, now: Fixtures.time(61)) == nil)

            let stale = MagicLinkToken(tokenHash: Self.hash(), email: email, createdAt: Fixtures.time(100))
            try await auth.insertMagicLink(stale)
            #expect(try await auth.consumeMagicLink(hash: stale.tokenHash, now: Fixtures.time(100 + 15 * 60)) == nil)
            #expect(try await auth.consumeMagicLink(hash: Self.hash(), now: Fixtures.time(100)) == nil)
            #expect(try await auth.magicLinksIssued(to: email, since: Fixtures.time(50)) == 1)
        }
    }

    @Test("A newer link supersedes older unused ones", arguments: StoreKind.allCases)
    func superseded(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let auth = test.storage.auth
            let email = EmailAddress("ben@example.com")!
            let older = MagicLinkToken(tokenHash: Self.hash(), email: email, createdAt: Fixtures.epoch)
            let newer = MagicLinkToken(tokenHash: Self.hash(), email: email, createdAt: Fixtures.time(30))
            try await auth.insertMagicLink(older)
            try await auth.insertMagicLink(newer)
            await #expect(throws: StoreError.duplicate) { try await auth.insertMagicLink(newer) }
            #expect(try await auth.consumeMagicLink(hash: older.tokenHash, now: Fixtures.time(40)) == nil)
            #expect(try await auth.consumeMagicLink(hash: newer.tokenHash, now: Fixtures.time(40)) != nil)
        }
    }

    @Test("Of 16 concurrent redeems of one link exactly one signs in", arguments: StoreKind.allCases)
    func concurrentConsume(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let auth = test.storage.auth
            let token = MagicLinkToken(
                tokenHash: Self.hash(), email: EmailAddress("cy@example.com")!, createdAt: Fixtures.epoch)
            try await auth.insertMagicLink(token)
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        try await auth.consumeMagicLink(hash: token.tokenHash, now: Fixtures.time(5)) != nil
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }

    @Test(
        "Sessions end after 12 idle hours or 7 days, on logout, and for a removed user", arguments: StoreKind.allCases)
    func sessions(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, owner) = try await Fixtures.workspace(in: test.storage)
            let auth = test.storage.auth
            let session = Session(
                idHash: Self.hash(), userID: owner.id, activeTenantID: tenant.id, createdAt: Fixtures.epoch,
                lastSeenAt: Fixtures.epoch)
            try await auth.insertSession(session)
            await #expect(throws: StoreError.duplicate) { try await auth.insertSession(session) }
            #expect(try await auth.session(hash: session.idHash, now: Fixtures.time(3600)) == session)

            let hours = { (h: Double) in Fixtures.time(h * 3600) }
            try await auth.touchSession(hash: session.idHash, lastSeenAt: hours(11), activeTenantID: nil)
            #expect(try await auth.session(hash: session.idHash, now: hours(22))?.lastSeenAt == hours(11))
            #expect(try await auth.session(hash: session.idHash, now: hours(23.5)) == nil)
            #expect(try await auth.session(hash: session.idHash, now: hours(1)) == nil)

            let weekOld = Session(
                idHash: Self.hash(), userID: owner.id, activeTenantID: nil, createdAt: Fixtures.epoch,
                lastSeenAt: hours(167))
            try await auth.insertSession(weekOld)
            #expect(try await auth.session(hash: weekOld.idHash, now: hours(168)) == nil)

            let a = Session(
                idHash: Self.hash(), userID: owner.id, activeTenantID: nil, createdAt: Fixtures.epoch,
                lastSeenAt: Fixtures.epoch)
            let b = Session(
                idHash: Self.hash(), userID: owner.id, activeTenantID: nil, createdAt: Fixtures.epoch,
                lastSeenAt: Fixtures.epoch)
            try await auth.insertSession(a)
            try await auth.insertSession(b)
            try await auth.deleteSession(hash: a.idHash)
            #expect(try await auth.session(hash: a.idHash, now: Fixtures.epoch) == nil)
            #expect(try await auth.session(hash: b.idHash, now: Fixtures.epoch) != nil)
            try await auth.deleteSessions(of: owner.id)
            #expect(try await auth.session(hash: b.idHash, now: Fixtures.epoch) == nil)
        }
    }

    @Test(
        "OAuth state is consumed once, opens its sealed nonce and verifier, and expires", arguments: StoreKind.allCases)
    func oauthState(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let auth = test.storage.auth
            let state = OAuthState(
                stateHash: Self.hash(), nonce: Secret("nonce-1"), codeVerifier: Secret("verifier-1"),
                expiresAt: Fixtures.time(600))
            try await auth.insertOAuthState(state)
            #expect(try await auth.consumeOAuthState(hash: state.stateHash, now: Fixtures.time(10)) == state)
            #expect(try await auth.consumeOAuthState(hash: state.stateHash, now: Fixtures.time(11)) == nil)
            let expired = OAuthState(
                stateHash: Self.hash(), nonce: Secret("n"), codeVerifier: Secret("v"), expiresAt: Fixtures.time(600))
            try await auth.insertOAuthState(expired)
            #expect(try await auth.consumeOAuthState(hash: expired.stateHash, now: Fixtures.time(600)) == nil)
        }
    }

    @Test(
        "Purging deletes expired sessions and OAuth states and links older than the cutoff; nothing still usable goes",
        arguments: StoreKind.allCases)
    func purgeExpired(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let auth = test.storage.auth
            let (_, owner) = try await Fixtures.workspace(in: test.storage)
            let now = Fixtures.time(30 * 86400)
            func session(created: TimeInterval, seen: TimeInterval) -> Session {
                Session(
                    idHash: Self.hash(), userID: owner.id, activeTenantID: nil,
                    createdAt: now.addingTimeInterval(-created), lastSeenAt: now.addingTimeInterval(-seen))
            }
            let live = session(created: 86400, seen: 60)
            let idle = session(created: 86400, seen: Session.idleTimeout + 1)
            let old = session(created: Session.absoluteTimeout + 1, seen: 60)
            for session in [live, idle, old] { try await auth.insertSession(session) }
            func state(expiring offset: TimeInterval) -> OAuthState {
                OAuthState(
                    stateHash: Self.hash(), nonce: Secret("nonce"), codeVerifier: Secret("verifier"),
                    expiresAt: now.addingTimeInterval(offset))
            }
            let (openState, expiredState) = (state(expiring: 60), state(expiring: -60))
            for state in [openState, expiredState] { try await auth.insertOAuthState(state) }
            let email = EmailAddress("ana@example.com")!
            let (oldLink, recentLink) = (
                MagicLinkToken(tokenHash: Self.hash(), email: email, createdAt: now.addingTimeInterval(-2 * 86400)),
                MagicLinkToken(tokenHash: Self.hash(), email: email, createdAt: now.addingTimeInterval(-600))
            )
            for link in [oldLink, recentLink] { try await auth.insertMagicLink(link) }

            #expect(try await auth.purgeExpired(now: now, linksCreatedBefore: now.addingTimeInterval(-86400)) == 4)
            #expect(try await auth.session(hash: live.idHash, now: now) == live)
            #expect(try await auth.consumeOAuthState(hash: openState.stateHash, now: now) != nil)
            #expect(try await auth.magicLinksIssued(to: email, since: .distantPast) == 1)
            #expect(try await auth.consumeMagicLink(hash: recentLink.tokenHash, now: now) != nil)
            #expect(try await auth.purgeExpired(now: now, linksCreatedBefore: now.addingTimeInterval(-86400)) == 0)
        }
    }
}
