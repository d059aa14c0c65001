import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

@testable import Adapters

/// Lark and the AI misbehaving in bursts while claims flow through the real `kopi serve`: rate
/// limits with reset headers, 5xx, a timeout, expired tokens, an overloaded AI, refusals.
@Suite("Faults in bursts", .serialized)
struct FaultBurstTests {
    static let claims = 40
    static let refusals = 3

    @Test(
        "Bursts of Lark 429s, 500s, a timeout and expired tokens, and of AI 529s, 429s and refusals: every claim gets its card, read or marked unread, and only the permanent refusal is a dead letter"
    )
    func bursts() async throws {
        let live = try await LiveService.start("sqlite", claims: Self.claims)
        defer { live.clean() }
        let lark = live.lark.state
        for _ in 0..<6 { await lark.inject(.rateLimit(resetSeconds: 0.5), on: "/open-apis/approval/v4/instances/") }
        for _ in 0..<6 { await lark.inject(.serverError, on: "/open-apis/im/v1/messages") }
        for _ in 0..<2 { await lark.inject(.expireTokens, on: "/open-apis/approval/v4/instances/") }
        // Beyond the gateway's 10 s request timeout: the call fails as transport and is retried.
        await lark.inject(.slow(.seconds(11)), on: "/open-apis/approval/v4/instances/")
        let ai = live.ai.state
        for reply: FakeAnthropicReply in [
            .failure(status: 529, type: "overloaded_error"), .failure(status: 500, type: "api_error"),
            .failure(status: 429, type: "rate_limit_error", headers: ["retry-after": "1"]),
        ] {
            await ai.script(reply)
        }
        for _ in 0..<Self.refusals { await ai.script(.refusal) }

        let server = KillableServer(folder: live.folder, environment: live.environment())
        try await server.start()
        // Every claim's event, and one for an instance Lark does not know: a permanent refusal.
        let unknown = LarkIDs.instanceCode()
        let deliveries =
            live.deliveries(perClaim: 1) + [
                FakeLarkPusher.delivery(
                    FakeLarkPayloads.approvalInstance(
                        app: live.app, eventID: LarkIDs.eventID(), approvalCode: live.claims.approvalCode,
                        instanceCode: unknown, status: "PENDING"), app: live.app)
            ]
        let progress = PushProgress()
        let url = live.eventsURL(server.baseURL)
        await LiveService.push(deliveries, to: { _ in url }, progress: progress)
        let settled = try await live.settle()
        await server.stop()

        #expect(progress.accepted.load(ordering: .relaxed) == deliveries.count)
        #expect(await lark.pendingFaults == 0, "every Lark fault was met")
        #expect(await ai.pendingReplies == 0, "every AI reply was used")
        try await live.expectOneCardPerApprover(settled, events: deliveries.count, jobStates: [.done, .dead, .queued])
        let dead = try await LiveService.storage(live.database, ownerURL: nil, masterKey: live.masterKey) {
            try await $0.jobs.deadJobs(limit: 10)
        }
        #expect(
            dead.map(\.subject) == [unknown],
            "only the permanent refusal is a dead letter: \(dead.map { "\($0.kind.rawValue) \($0.lastError ?? "-")" })")
        #expect(dead.first?.lastError == "lark.not_found(1390003)")

        // Refused invoices are marked unread on their cards; a claim whose reads ran out of retries
        // is marked not verified and has a re-check queued; nothing else is waiting.
        let tenant = live.claims.tenant.description
        let (unreadable, unverified, rechecks, waiting) = try await LiveService.storage(
            live.database, ownerURL: nil, masterKey: live.masterKey
        ) { storage in
            try await storage.database.transaction(tenant: tenant, user: nil) { session in
                func count(_ sql: String) async throws -> Int64 {
                    try await session.query(sql, []).first?.integer("n") ?? 0
                }
                return (
                    try await count("SELECT count(*) AS n FROM submission_flags WHERE code = 'invoice.unreadable'"),
                    try await count("SELECT count(*) AS n FROM submission_flags WHERE code = 'invoice.not_verified'"),
                    try await count(
                        "SELECT count(*) AS n FROM jobs WHERE kind = 'recheck_invoices' AND state = 'queued'"),
                    try await count("SELECT count(*) AS n FROM jobs WHERE state = 'queued'")
                )
            }
        }
        // A refused invoice is not verified for good; one the AI could not be reached for waits for a re-check.
        #expect(unreadable == 0)
        #expect(
            unverified == Int64(Self.refusals) + rechecks && waiting == rechecks,
            "\(unverified) unverified, \(rechecks) re-checks, \(waiting) waiting")
        let requests = await lark.requests.count
        #expect(requests <= Self.claims * 4 + 40, "\(requests) requests to Lark: retries stay within bounds")
    }
}
