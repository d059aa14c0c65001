import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Ports
import Synchronization
import Testing

@testable import Application
@testable import HTTP

@Suite("Reminders")
struct ReminderTests {
    final class SettableClock: WallClock {
        private let current = Mutex(Date())
        func now() -> Date { current.withLock { $0 } }
        func set(_ date: Date) { current.withLock { $0 = date } }
    }

    @Test(
        "A card waiting two working days gets one reminder, in working hours in the policy's zone, accepted by the strict fake Lark; never twice, never at night, never when off",
        arguments: [false, true])
    func oneReminder(onPostgres: Bool) async throws {
        let world = try await PipelineWorld.make(onPostgres: onPostgres)
        _ = try await world.push(world.instanceEvent())
        await world.drain()
        let tenant = world.tenantID
        let submission = try #require(
            try await world.storage.withTenant(tenant) {
                try await $0.approvals.submission(instanceCode: world.instanceCode)
            })
        let card = try #require(
            try await world.storage.withTenant(tenant) { try await $0.approvals.cards(for: submission.id) }.first)
        var policy = PolicySettings(timeZoneIdentifier: "Asia/Singapore")
        try await world.storage.withTenant(tenant) { [policy] in try await $0.tenant.savePolicy(policy) }
        let calendar = policy.calendar
        let due = ReminderSchedule.dueDate(sentAt: card.sentAt, workingDays: 2, calendar: calendar)
        // Due but outside working hours: the due moment itself, or 18:30 that day.
        let night =
            ReminderSchedule.isWorkingHour(due, calendar: calendar)
            ? calendar.date(bySettingHour: 18, minute: 30, second: 0, of: due)! : due
        var morning = night
        while !ReminderSchedule.isWorkingHour(morning, calendar: calendar) {
            morning = morning.addingTimeInterval(15 * 60)
        }
        let clock = SettableClock()
        let sweep = ReminderSweep(
            storage: world.storage, lark: world.services.lark,
            runtime: Runtime(
                clock: clock, randomness: SystemRandomness(), logger: world.logs.logger(),
                publicURL: URL(string: "https://kopi.example")!))
        func at(_ date: Date) { clock.set(date) }

        at(card.sentAt.addingTimeInterval(86400))
        #expect(await sweep.run(tenant).sent == 0, "one working day is not enough")
        at(night)
        #expect(await sweep.run(tenant).sent == 0, "due, but outside working hours in Singapore")
        at(morning)
        policy.reminderAfterWorkingDays = 0
        try await world.storage.withTenant(tenant) { [policy] in try await $0.tenant.savePolicy(policy) }
        #expect(await sweep.run(tenant).sent == 0, "reminders are off")
        policy.reminderAfterWorkingDays = 2
        try await world.storage.withTenant(tenant) { [policy] in try await $0.tenant.savePolicy(policy) }

        let before = await world.lark.state.sentCards.count
        let report = await sweep.runAll()
        #expect(report == ReminderSweep.Report(sent: 1), "\(world.logs.lines.suffix(3))")
        at(morning.addingTimeInterval(600))
        #expect(await sweep.runAll() == ReminderSweep.Report(sent: 0), "one reminder per card")
        let sent = await world.lark.state.sentCards
        #expect(sent.count == before + 1)
        let reminder = try #require(sent.last)
        #expect(reminder.receiverOpenID == world.approver)
        #expect(reminder.content.contains("waited 2 working days") && reminder.content.contains("Reminder"))
        #expect(reminder.idempotencyKey.hasPrefix("kopi-r-") && reminder.idempotencyKey.count <= 50)

        let (stored, trail) = try await world.storage.withTenant(tenant) { scope in
            (
                try await scope.approvals.cards(for: submission.id).first,
                try await scope.approvals.auditTrail(for: submission.id)
            )
        }
        #expect(stored?.state == .open && stored?.messageID == card.messageID)
        #expect(stored?.remindedAt == morning)
        #expect(trail.filter { $0.action == .reminderSent }.map { $0.detail["message_id"] } == [reminder.messageID])
        await world.stop()
    }

    @Test("The setting is read and written through the policy API and the settings page, and refused out of range")
    func setting() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let web = try await anonymous.signedIn("admin@acme.example", mailer: fixture.mailer)
            #expect(try await web.get("/api/v1/policy").object["reminderAfterWorkingDays"] as? Int == 2)
            let saved = try await web.send(.put, "/api/v1/policy", json: #"{"reminderAfterWorkingDays": 0}"#)
            #expect(saved.status == .ok)
            #expect(try await web.get("/api/v1/policy").object["reminderAfterWorkingDays"] as? Int == 0)
            let refused = try await web.send(.put, "/api/v1/policy", json: #"{"reminderAfterWorkingDays": 31}"#)
            #expect(refused.status == .unprocessableContent)
            let page = try await web.get("/settings")
            #expect(page.body.contains(#"name="reminder" type="number" min="0" max="30" value="0""#))
            let csrf = try #require(PageTests.csrf(page.body))
            let posted = try await web.send(
                .post, "/settings/policy",
                form: PageTests.form([
                    "_csrf": csrf, "window": "90", "tolerance": "1", "yellow": "3", "red": "6", "reminder": "3",
                ]))
            #expect(posted.status == .seeOther)
            #expect(try await web.get("/api/v1/policy").object["reminderAfterWorkingDays"] as? Int == 3)
            #expect(try await web.get("/report").body.contains("median time to decision"))
        }
    }
}
