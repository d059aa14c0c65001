import Domain
import Foundation
import Testing

@Suite("Sign-in tokens, sessions and jobs")
struct AuthAndJobTests {
    let start = Date(timeIntervalSince1970: 1_000_000)

    @Test("A magic link is redeemable for exactly 15 minutes, and once")
    func magicLinks() {
        var token = MagicLinkToken(
            tokenHash: Array(repeating: 1, count: 32), email: EmailAddress("a@b.co")!, createdAt: start)
        #expect(token.expiresAt == start.addingTimeInterval(900))
        #expect(token.isRedeemable(at: start.addingTimeInterval(899)))
        #expect(!token.isRedeemable(at: start.addingTimeInterval(900)))
        token.consumedAt = start
        #expect(!token.isRedeemable(at: start.addingTimeInterval(1)))
    }

    @Test("A session ends after 12 idle hours or 7 days whichever comes first")
    func sessions() {
        let session = Session(
            idHash: [1], userID: Identifier(UUID()), activeTenantID: nil, createdAt: start,
            lastSeenAt: start.addingTimeInterval(6 * 24 * 3600))
        #expect(session.isValid(at: start.addingTimeInterval(6 * 24 * 3600 + 3600)))
        #expect(!session.isValid(at: start.addingTimeInterval(7 * 24 * 3600)))
        let idle = Session(
            idHash: [1], userID: Identifier(UUID()), activeTenantID: nil, createdAt: start, lastSeenAt: start)
        #expect(idle.isValid(at: start.addingTimeInterval(12 * 3600 - 1)))
        #expect(!idle.isValid(at: start.addingTimeInterval(12 * 3600)))
    }

    @Test("Retry delays grow exponentially within jitter bounds and stop at the cap")
    func retries() {
        let policy = RetryPolicy(base: 5, cap: 3600)
        #expect(policy.delay(afterAttempts: 1, jitter: 0) == 2.5)
        #expect(policy.delay(afterAttempts: 1, jitter: 1) == 5)
        #expect(policy.delay(afterAttempts: 4, jitter: 1) == 40)
        #expect(policy.delay(afterAttempts: 40, jitter: 1) == 3600)
        #expect(policy.delay(afterAttempts: 40, jitter: 0) == 1800)
        #expect(policy.delay(afterAttempts: 3, jitter: 7) == policy.delay(afterAttempts: 3, jitter: 1))
    }

    @Test("Inbox dedup keys outlive Lark's retry window")
    func inboxRetention() {
        #expect(InboxEvent.retention >= 8 * 24 * 3600)
    }
}
