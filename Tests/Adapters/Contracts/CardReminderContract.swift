import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("ApprovalStore contract: card reminders")
struct CardReminderContract {
    @Test(
        "Only open, never-reminded cards of pending claims sent before the bound await a reminder; marking one changes nothing else; a new card is reminded again",
        arguments: StoreKind.allCases)
    func awaiting(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let flow = Fixtures.flow(tenant.id)
            let pending = Fixtures.submission(tenant.id, flow: flow.id)
            let approved = Fixtures.submission(tenant.id, flow: flow.id, status: .approved)
            let (first, second, third) = (LarkIDs.openID(), LarkIDs.openID(), LarkIDs.openID())
            @Sendable func card(
                _ claim: Submission, _ approver: String, at seconds: Double, _ state: CardMessage.State = .open
            ) -> CardMessage {
                CardMessage(
                    tenantID: tenant.id, submissionID: claim.id, approver: approver, messageID: LarkIDs.messageID(),
                    taskID: LarkIDs.taskID(), state: state, sentAt: Fixtures.time(seconds))
            }
            let old = card(pending, first, at: 0)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(pending)
                try await scope.approvals.saveSubmission(approved)
                try await scope.approvals.saveCard(old)
                try await scope.approvals.saveCard(card(pending, second, at: 1000))
                try await scope.approvals.saveCard(card(pending, third, at: 10, .final))
                try await scope.approvals.saveCard(card(approved, first, at: 0))
            }
            let bound = Fixtures.time(500)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                #expect(try await scope.approvals.cardsAwaitingReminder(sentBefore: bound, limit: 10) == [old])
                #expect(try await scope.approvals.cardsAwaitingReminder(sentBefore: bound, limit: 0).isEmpty)
                #expect(
                    try await scope.approvals.markReminded(
                        submissionID: pending.id, approver: first, at: Fixtures.time(600)))
                #expect(
                    try await !scope.approvals.markReminded(
                        submissionID: pending.id, approver: first, at: Fixtures.time(700)), "already reminded")
                #expect(
                    try await !scope.approvals.markReminded(
                        submissionID: pending.id, approver: LarkIDs.openID(), at: Fixtures.time(700)), "no such card")
                #expect(try await scope.approvals.cardsAwaitingReminder(sentBefore: bound, limit: 10).isEmpty)
                let stored = try await scope.approvals.cards(for: pending.id).first { $0.approver == first }
                var expected = old
                expected.remindedAt = Fixtures.time(600)
                #expect(stored == expected)
            }
            let none = try await test.storage.withTenant(other.id) {
                try await $0.approvals.cardsAwaitingReminder(sentBefore: Fixtures.time(10_000), limit: 10)
            }
            #expect(none.isEmpty)
            // A later task's card for the same approver replaces the card: it waits for a reminder of its own.
            let later = card(pending, first, at: 100)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.approvals.updateCard(later)
                #expect(try await scope.approvals.cardsAwaitingReminder(sentBefore: bound, limit: 10) == [later])
            }
        }
    }
}
