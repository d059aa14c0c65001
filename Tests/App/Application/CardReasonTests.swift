import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Application

/// Reasons on the card, end to end through the webhook, the worker and the strict fake Lark:
/// Reject and Ask for info need one; it becomes the task's comment or the question, is stored
/// with the decision and shown on the card.
@Suite("Reasons on the card", .serialized)
struct CardReasonTests {
    typealias World = PipelineWorld

    static let canary = "REASON-CANARY-4b1d: the taxi receipt is for a different date"

    static func world(onPostgres: Bool = false) async throws -> World {
        let world = try await PipelineWorld.make(onPostgres: onPostgres)
        try await world.push(world.instanceEvent())
        await world.drain()
        return world
    }

    static func taps(_ world: World) async throws -> [CardTap] {
        let id = try #require(try await world.submission()).id
        return try await world.harness.storage.withTenant(world.tenantID) { try await $0.taps.taps(for: id) }
    }

    @Test(
        "Reject with a reason: the Lark task rejected with it as the comment, stored with the decision, shown on the card, in no log line",
        arguments: [false, true])
    func rejectWithReason(onPostgres: Bool) async throws {
        let world = try await Self.world(onPostgres: onPostgres)
        let answer = try await world.tap("reject", reason: "  \(Self.canary)\n")
        #expect(answer.body.contains("Rejecting…") && answer.body.contains("Your reason:"))
        #expect(try await Self.taps(world).map { $0.reason?.text } == [Self.canary])
        await world.drain()
        #expect(
            await world.lark.state.decisions.map { "\($0.action) \($0.taskID) \($0.comment ?? "")" } == [
                "reject \(world.taskID) \(Self.canary)"
            ])
        #expect(
            try await world.decisions().map { "\($0.outcome.rawValue) \($0.reason?.text ?? "")" } == [
                "reject \(Self.canary)"
            ])
        let shown = try await world.currentCard()
        #expect(shown.contains("You rejected this.") && shown.contains("Your reason:") && !shown.contains(#""form""#))
        #expect(!world.logs.text.contains("REASON-CANARY"), "a log line holds the reason")
        #expect(!world.logs.text.isEmpty)
        await world.stop()
    }

    @Test(
        "Reject or Ask for info without a reason: an error toast, the form again, nothing recorded or sent to Lark; with one it goes through"
    )
    func reasonNeeded() async throws {
        let world = try await Self.world()
        let refused = try await world.tap("reject", reason: "")
        #expect(refused.body.contains(#""type":"error""#) && refused.body.contains("Write the reason in the box"))
        #expect(refused.body.contains(CheckCard.reasonField), "the answer puts the form back")
        let blank = try await world.tap("ask_for_info", reason: " \n ")
        #expect(blank.body.contains("Write your question in the box"))
        await world.drain()
        #expect(try await Self.taps(world).isEmpty)
        #expect(try await world.cards().map(\.state) == [.open])
        #expect(await world.lark.state.decisions.isEmpty)
        #expect(await world.lark.state.comments.isEmpty)
        #expect(try await world.decisions().isEmpty)
        #expect(try await world.trail().allSatisfy { $0.action != .tapped })
        _ = try await world.tap("reject", reason: "Duplicate of last week's claim.")
        await world.drain()
        #expect(await world.lark.state.decisions.map(\.comment) == ["Duplicate of last week's claim."])
        await world.stop()
    }

    @Test("Ask for info posts the typed question mentioning the applicant; the card stays live and shows it")
    func question() async throws {
        let world = try await Self.world()
        _ = try await world.tap("ask_for_info", reason: "Which client was this dinner with?")
        await world.drain()
        let comments = await world.lark.state.comments
        #expect(comments.map(\.text) == ["@Applicant Which client was this dinner with?"])
        #expect(comments.first?.mentions == [world.applicant] && comments.first?.notified == [world.applicant])
        #expect(try await world.decisions().map { $0.reason?.text } == ["Which client was this dinner with?"])
        let shown = try await world.currentCard()
        #expect(shown.contains("Your question:") && shown.contains(CheckCard.reasonField))
        #expect(FakeCardRules.problem(shown) == nil)
        await world.stop()
    }

    @Test("Approve takes an optional reason as the task's comment; without one Lark gets Kopi's note")
    func approveReason() async throws {
        let world = try await Self.world()
        _ = try await world.tap("approve", reason: "Within the client budget.")
        await world.drain()
        #expect(await world.lark.state.decisions.map(\.comment) == ["Within the client budget."])
        #expect(try await world.decisions().map { $0.reason?.text } == ["Within the client budget."])
        await world.stop()
        let plain = try await Self.world()
        _ = try await plain.tap("approve")
        await plain.drain()
        #expect(await plain.lark.state.decisions.map(\.comment) == ["Decided in Kopi"])
        #expect(try await plain.decisions().map(\.reason) == [nil])
        await plain.stop()
    }

    @Test("A card sent before reasons, buttons without a form: Reject there is answered with the new form in its place")
    func olderCard() async throws {
        let world = try await Self.world()
        let submission = try #require(try await world.submission())
        let button: [String: Any] = [
            "tag": "button", "name": "kopi_reject", "type": "danger",
            "text": ["tag": "plain_text", "content": "Reject"],
            "behaviors": [["type": "callback", "value": ["kopi": submission.id.description, "choice": "reject"]]],
        ]
        let older = CardFormRulesTests.card([["tag": "markdown", "content": "Needs attention"], button])
        #expect(FakeCardRules.problem(older) == nil)
        let answer = try await world.tap("reject", reason: "", on: older)
        #expect(answer.body.contains(#""type":"error""#))
        let shown = try await world.currentCard()
        #expect(shown.contains(CheckCard.reasonField) && shown.contains(#""form_action_type":"submit""#))
        #expect(await world.lark.state.refusedAnswers.isEmpty)
        #expect(try await Self.taps(world).isEmpty)
        await world.stop()
    }
}
