import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

/// The card lifecycle against the strict fake Lark: open → acting (tap recorded, answered at
/// once) → final or open again, with Lark slow, refusing, failing, and a worker crashing.
@Suite("Card taps and the card lifecycle", .serialized)
struct CardLifecycleTests {
    static func checked(onPostgres: Bool = false) async throws -> PipelineWorld {
        let world = try await PipelineWorld.make(onPostgres: onPostgres)
        try await world.push(world.instanceEvent())
        await world.drain()
        #expect(await world.lark.state.sentCards.count == 1)
        return world
    }

    static func tapJob(_ world: PipelineWorld) async throws -> Job? {
        try await world.storage.withTenant(world.tenantID) { try await $0.scheduler.jobs(in: .queued, limit: 10) }.first
        { $0.kind == .cardAction }
    }

    @Test(
        "With Lark 1.5 s away per call, a tap is answered in under a second without calling Lark, then the task is approved and the card updated",
        arguments: [false, true])
    func slowLark(onPostgres: Bool) async throws {
        let world = try await Self.checked(onPostgres: onPostgres)
        await world.lark.state.setLatency(.milliseconds(1500), on: "/open-apis/")
        let tap = try await world.tap("approve")
        print("card tap answered in \(tap.elapsed) with Lark 1.5 s away (\(onPostgres ? "Postgres" : "SQLite"))")
        #expect(tap.elapsed < .seconds(1), "answered in \(tap.elapsed)")
        #expect(tap.larkCallsDuringAnswer == 0, "the answer waits for no Lark call")
        #expect(tap.body.contains("Approving…"))
        await world.drain()
        #expect(await world.lark.state.decisions.map(\.approverOpenID) == [world.approver])
        #expect(await world.lark.state.instances[world.instanceCode]?.status == "APPROVED")
        #expect(try await world.currentCard().contains("You approved this."))
        #expect(await world.lark.state.cardUpdates.count == 1, "updated with the callback token, after the answer")
        await world.stop()
    }

    @Test(
        "A crash between the answer and the action loses nothing: the recorded tap is picked up when its lease lapses, and acted on once"
    )
    func crashAfterAnswer() async throws {
        let world = try await Self.checked()
        _ = try await world.tap("approve")
        // A worker takes the job and dies before finishing it.
        let crashed = try #require(
            try await world.storage.jobs.claim(worker: "crashed", lease: .milliseconds(1), now: Date()))
        #expect(crashed.kind == .cardAction)
        try await Task.sleep(for: .milliseconds(20))
        await world.drain()
        #expect(await world.lark.state.decisions.count == 1)
        #expect(try await world.decisions().map(\.outcome) == [.approve])
        #expect(try await world.currentCard().contains("You approved this."))
        await world.stop()
    }

    @Test("A decision that reached Lark before a crash is recognised from the task's status, not sent twice")
    func crashAfterDecision() async throws {
        let world = try await Self.checked()
        _ = try await world.tap("reject")
        // The first attempt's reject reached Lark; then the worker died before recording it.
        await world.lark.state.setTaskStatus("REJECTED", task: world.taskID, of: world.instanceCode)
        await world.drain()
        #expect(await world.lark.state.decisions.isEmpty, "no second reject was sent")
        #expect(try await world.decisions().map(\.outcome) == [.reject])
        #expect(try await world.currentCard().contains("You rejected this."))
        await world.stop()
    }

    @Test(
        "Lark failing is retried later with the card still pending; after the last try the card comes back with a note")
    func larkFailing() async throws {
        let world = try await Self.checked()
        let tap = try await world.tap("approve")
        for _ in 0..<3 { await world.lark.state.inject(.serverError, on: "/open-apis/approval/v4/tasks") }
        await world.drain()
        let queued = try #require(try await Self.tapJob(world))
        #expect(queued.lastError == "lark.unavailable" && queued.runAt > Date())
        #expect(try await world.cards().map(\.state) == [.acting])
        #expect(try await world.decisions().isEmpty)
        // The job's retries run out: the tap is given up and surfaced.
        let tapID = try #require(TapID(queued.subject))
        await world.worker.cardActions.abandon(tapID: tapID, tenant: world.tenantID, code: "lark.unavailable")
        let shown = try await world.currentCard()
        #expect(
            shown.contains("Lark did not accept this") && shown.contains(#""choice":"approve""#),
            "buttons back, with the reason")
        #expect(try await world.cards().map(\.state) == [.open])
        #expect(try await world.trail().last?.action == .actionFailed)
        #expect(await world.lark.state.cardUpdates.map(\.token) == [tap.token])
        await world.stop()
    }

    @Test("A retried tap job acts once: the second run finds the tap settled and only puts the card in place")
    func retriedJobActsOnce() async throws {
        let world = try await Self.checked()
        _ = try await world.tap("approve")
        let job = try #require(try await Self.tapJob(world))
        let tapID = try #require(TapID(job.subject))
        try await world.worker.cardActions.perform(tapID: tapID, tenant: world.tenantID)
        try await world.worker.cardActions.perform(tapID: tapID, tenant: world.tenantID)
        #expect(await world.lark.state.decisions.count == 1)
        #expect(try await world.decisions().count == 1)
        await world.stop()
    }

    @Test(
        "Ask for info posts a comment that notifies the applicant (disable_bot false, an @ of the applicant); card and audit page say so"
    )
    func askForInfo() async throws {
        let world = try await Self.checked()
        _ = try await world.tap("ask_for_info")
        await world.drain()
        let comment = try #require(await world.lark.state.comments.first)
        #expect(comment.authorOpenID == world.approver && comment.instanceCode == world.instanceCode)
        #expect(!comment.disableBot && comment.mentions == [world.applicant] && comment.notified == [world.applicant])
        #expect(comment.text.hasPrefix("@Applicant "))
        let shown = try await world.currentCard()
        #expect(
            shown.contains("You asked for more information") && shown.contains(#""choice":"approve""#),
            "the approver can still decide")
        #expect(try await world.cards().map(\.state) == [.open])
        let id = try #require(try await world.submission()).id
        let user = User(id: Identifier(UUID()), email: EmailAddress("viewer@example.com")!, createdAt: Date())
        let caller = Caller(user: user, tenantID: world.tenantID, role: .viewer, memberships: [], sessionToken: "t")
        let detail = try await ApprovalQueries(services: world.services).detail(id, caller: caller)
        #expect(detail.timeline.contains { $0.what.contains("Asked the applicant for more information") })
        #expect(try await world.trail().last?.detail["comment_id"]?.count == 19)
        await world.stop()
    }

    @Test(
        "When the callback token is no longer usable the card is patched instead; a card older than 14 days is left as it is"
    )
    func tokenFallbackAndOldCards() async throws {
        let world = try await Self.checked()
        let tap = try await world.tap("approve")
        await world.lark.state.advanceClock(by: 31 * 60)
        await world.drain()
        #expect(
            await world.lark.state.cardUpdates.isEmpty, "Lark refused the 31-minute-old token (\(tap.token.prefix(4))…)"
        )
        #expect(await world.lark.state.patches.last?.content.contains("You approved this.") == true)

        let old = try await Self.checked()
        await old.lark.state.advanceClock(by: 15 * 86400)
        await old.lark.state.setStatus("APPROVED", of: old.instanceCode)
        try await old.push(old.instanceEvent(status: "APPROVED"))
        await old.drain()
        #expect(await old.lark.state.patches.isEmpty)
        #expect(try await old.cards().map(\.state) == [.final])
        #expect(
            try await old.storage.withTenant(old.tenantID) { try await $0.scheduler.jobs(in: .dead, limit: 5) }.isEmpty)
        await world.stop()
        await old.stop()
    }
}
