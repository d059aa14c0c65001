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

/// Every approval level: later approvers, added signers and transfers get cards without a second
/// AI call, and what approvers do in Lark's own Approval app turns their cards final.
@Suite("Approval levels and decisions made in Lark", .serialized)
struct ApprovalLevelsTests {
    @Test("A later level's approver gets the card from the stored check: no download to the AI, no second AI call")
    func laterLevel() async throws {
        let manager = FakeTask(id: LarkIDs.taskID(), approverOpenID: LarkIDs.openID())
        let world = try await PipelineWorld.make(laterLevels: [[manager]])
        try await world.push(world.instanceEvent())
        await world.drain()
        _ = try await world.tap("approve")
        await world.drain()
        #expect(
            await world.lark.state.instances[world.instanceCode]?.tasks.last?.status == "PENDING",
            "Lark moved to level 2")
        try await world.push(world.taskEvent(world.taskID, approver: world.approver, status: "APPROVED"))
        try await world.push(world.taskEvent(manager.id, approver: manager.approverOpenID, status: "PENDING"))
        await world.drain()
        let cards = await world.lark.state.sentCards
        #expect(cards.map(\.receiverOpenID) == [world.approver, manager.approverOpenID])
        #expect(
            cards[1].idempotencyKey
                == CardIdempotencyKey.make(tenant: world.tenantID, instanceCode: world.instanceCode, taskID: manager.id)
        )
        #expect(cards[1].content.contains(#""choice":"approve""#))
        #expect(await world.ai.state.requests.count == 1, "the invoice went to the AI once")
        #expect(try await world.currentCard().contains("You approved this."), "the first approver's card stays decided")
        #expect(
            try await world.cards().map { "\($0.approver == manager.approverOpenID) \($0.state)" }.sorted() == [
                "false final", "true open",
            ])
        _ = try await world.tap("approve", by: manager.approverOpenID)
        await world.drain()
        #expect(await world.lark.state.instances[world.instanceCode]?.status == "APPROVED")
        #expect(await world.lark.state.decisions.map(\.approverOpenID) == [world.approver, manager.approverOpenID])
        await world.stop()
    }

    @Test("Decisions made in Lark's own Approval app close that approver's card; the other approver's card stays live")
    func decidedInLark() async throws {
        let colleague = FakeTask(id: LarkIDs.taskID(), approverOpenID: LarkIDs.openID())
        let world = try await PipelineWorld.make()
        var instance = try #require(await world.lark.state.instances[world.instanceCode])
        instance.tasks.append(colleague)
        await world.lark.state.addInstance(instance)
        try await world.push(world.instanceEvent())
        await world.drain()
        #expect(await world.lark.state.sentCards.count == 2)
        await world.lark.state.setTaskStatus("APPROVED", task: world.taskID, of: world.instanceCode)
        try await world.push(world.taskEvent(world.taskID, approver: world.approver, status: "APPROVED"))
        await world.drain()
        #expect(try await world.currentCard().contains("Approved in Lark"))
        #expect(try await world.currentCard(of: colleague.approverOpenID).contains(#""choice":"approve""#))
        // The colleague rejects in Lark: the instance ends and every card is final.
        await world.lark.state.setTaskStatus("REJECTED", task: colleague.id, of: world.instanceCode)
        await world.lark.state.setStatus("REJECTED", of: world.instanceCode)
        try await world.push(world.instanceEvent(status: "REJECTED"))
        await world.drain()
        #expect(try await world.currentCard(of: colleague.approverOpenID).contains("Final outcome: Rejected"))
        #expect(try await world.cards().allSatisfy { $0.state == .final })
        #expect(try await world.submission()?.status == .rejected)
        await world.stop()
    }

    @Test("A transfer closes the old approver's card as transferred and gives the new approver one")
    func transfer() async throws {
        let world = try await PipelineWorld.make()
        try await world.push(world.instanceEvent())
        await world.drain()
        let delegate = LarkIDs.openID()
        let newTask = try #require(
            await world.lark.state.transfer(task: world.taskID, of: world.instanceCode, to: delegate))
        try await world.push(world.taskEvent(world.taskID, approver: world.approver, status: "TRANSFERRED"))
        try await world.push(world.taskEvent(newTask, approver: delegate, status: "PENDING"))
        await world.drain()
        #expect(try await world.currentCard().contains("Transferred to another approver"))
        #expect(try await world.currentCard(of: delegate).contains(#""choice":"reject""#))
        #expect(await world.ai.state.requests.count == 1)
        // The original approver can no longer act through the old card.
        let late = try await world.tap("approve")
        #expect(late.body.contains("already settled"))
        await world.stop()
    }

    @Test(
        "A re-submitted claim with the same invoice file costs no AI call: the extraction is reused by content hash, and flagged a duplicate"
    )
    func resubmittedClaim() async throws {
        let world = try await PipelineWorld.make()
        try await world.push(world.instanceEvent())
        await world.drain()
        let again = LarkIDs.instanceCode()
        await world.lark.state.addInstance(
            FakeInstance(
                approvalCode: world.approvalCode, instanceCode: again, applicantOpenID: world.applicant,
                startTime: Date(),
                form: PipelineWorld.claimForm(
                    vendor: "Grab Pte Ltd", fileName: "receipt.pdf", fileURL: world.lark.fileURL("receipt.pdf")),
                tasks: [FakeTask(id: LarkIDs.taskID(), approverOpenID: world.approver)]))
        try await world.push(world.instanceEvent(instance: again))
        await world.drain()
        #expect(await world.ai.state.requests.count == 1)
        let second = try #require(try await world.submission(again))
        let check = try await world.storage.withTenant(world.tenantID) {
            try await $0.approvals.latestCheck(for: second.id)
        }
        #expect(check?.findings.map(\.code.rawValue).contains("invoice.duplicate") == true)
        #expect(
            try await world.storage.withTenant(world.tenantID) { try await $0.approvals.extractions(for: second.id) }
                .count == 1)
        await world.stop()
    }

    @Test(
        "An approver outside the app's availability range gets no card; the audit page says why, once; the other approver gets theirs"
    )
    func outsideAvailability() async throws {
        let colleague = FakeTask(id: LarkIDs.taskID(), approverOpenID: LarkIDs.openID())
        let world = try await PipelineWorld.make()
        var instance = try #require(await world.lark.state.instances[world.instanceCode])
        instance.tasks.append(colleague)
        await world.lark.state.addInstance(instance)
        await world.lark.state.placeOutsideAvailability(world.approver)
        try await world.push(world.instanceEvent())
        await world.drain()
        try await world.push(world.instanceEvent())
        await world.drain()
        #expect(await world.lark.state.sentCards.map(\.receiverOpenID) == [colleague.approverOpenID])
        let failures = try await world.trail().filter { $0.action == .cardFailed }
        #expect(
            failures.count == 1 && failures[0].detail["reason"] == "outside_availability"
                && failures[0].detail["task_id"] == world.taskID)
        #expect(ApprovalQueries.undelivered(failures[0].detail["reason"]).contains("availability range"))
        #expect(
            try await world.storage.withTenant(world.tenantID) { try await $0.scheduler.jobs(in: .dead, limit: 5) }
                .isEmpty, "not a dead letter")
        await world.stop()
    }
}
