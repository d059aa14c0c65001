import Domain
import Foundation
import Testing

@Suite("Reminders and the time to decision")
struct ReminderScheduleTests {
    static var singapore: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Singapore")!
        return calendar
    }

    /// A local time in Singapore.
    static func sgt(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        singapore.date(from: DateComponents(year: 2027, month: 1, day: day, hour: hour, minute: minute))!
    }

    static let policy = PolicySettings(timeZoneIdentifier: "Asia/Singapore")

    @Test("Working days skip the weekend; a card sent on a weekend counts from Monday")
    func dueDates() {
        // 14 January 2027 is a Thursday.
        #expect(
            ReminderSchedule.dueDate(sentAt: Self.sgt(14, 10), workingDays: 2, calendar: Self.singapore)
                == Self.sgt(18, 10))
        #expect(
            ReminderSchedule.dueDate(sentAt: Self.sgt(11, 10), workingDays: 2, calendar: Self.singapore)
                == Self.sgt(13, 10))
        #expect(
            ReminderSchedule.dueDate(sentAt: Self.sgt(16, 11), workingDays: 2, calendar: Self.singapore)
                == Self.sgt(20, 0))
        #expect(
            ReminderSchedule.dueDate(sentAt: Self.sgt(15, 17), workingDays: 1, calendar: Self.singapore)
                == Self.sgt(18, 17))
    }

    @Test("Reminders go on working days from 09:00 to 17:59 local time, never at night, on a weekend or when off")
    func hours() {
        #expect(!ReminderSchedule.isWorkingHour(Self.sgt(18, 8, 59), calendar: Self.singapore))
        #expect(ReminderSchedule.isWorkingHour(Self.sgt(18, 9), calendar: Self.singapore))
        #expect(ReminderSchedule.isWorkingHour(Self.sgt(18, 17, 59), calendar: Self.singapore))
        #expect(!ReminderSchedule.isWorkingHour(Self.sgt(18, 18), calendar: Self.singapore))
        #expect(!ReminderSchedule.isWorkingHour(Self.sgt(16, 10), calendar: Self.singapore), "a Saturday")
        let sent = Self.sgt(14, 10)
        #expect(!ReminderSchedule.isDue(sentAt: sent, now: Self.sgt(15, 10), policy: Self.policy))
        #expect(ReminderSchedule.isDue(sentAt: sent, now: Self.sgt(18, 10), policy: Self.policy))
        #expect(!ReminderSchedule.isDue(sentAt: sent, now: Self.sgt(18, 20), policy: Self.policy), "at night")
        #expect(ReminderSchedule.isDue(sentAt: sent, now: Self.sgt(19, 9), policy: Self.policy), "the next morning")
        var off = Self.policy
        off.reminderAfterWorkingDays = 0
        #expect(!ReminderSchedule.isDue(sentAt: sent, now: Self.sgt(25, 10), policy: off))
        // 10:00 in Singapore is 02:00 UTC: the policy's zone decides, not the server's.
        var utc = Self.policy
        utc.timeZoneIdentifier = "UTC"
        #expect(!ReminderSchedule.isDue(sentAt: sent, now: Self.sgt(18, 10), policy: utc))
    }

    @Test("The setting defaults to 2 working days, is kept by a stored policy without it, and is bounded")
    func setting() throws {
        #expect(PolicySettings.defaults.reminderAfterWorkingDays == 2)
        let stored = try JSONDecoder().decode(PolicySettings.self, from: Data(#"{"submissionWindowDays": 30}"#.utf8))
        #expect(stored.reminderAfterWorkingDays == 2)
        var policy = PolicySettings()
        policy.reminderAfterWorkingDays = 31
        #expect(policy.problems.contains { $0.contains("working days") })
        policy.reminderAfterWorkingDays = -1
        #expect(!policy.problems.isEmpty)
        policy.reminderAfterWorkingDays = 0
        #expect(policy.problems.isEmpty)
    }

    @Test(
        "Time to decision: the median over claims whose latest decision approves or rejects; a question does not count")
    func timeToDecision() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func row(_ decision: Decision.Outcome?, after hours: Double?) -> ReportRow {
            ReportRow(
                submissionID: SubmissionID(UUID()), submittedAt: start, findings: nil, firstCardAt: nil,
                decision: decision, decidedByKopi: false, decidedAt: hours.map { start.addingTimeInterval($0 * 3600) })
        }
        let rows = [
            row(.approve, after: 1), row(.reject, after: 5), row(.approve, after: 48), row(.askForInfo, after: 2),
            row(nil, after: nil),
        ]
        let figures = ReportFigures(rows: rows, from: start, to: start.addingTimeInterval(86400), dayStarts: [start])
        #expect(figures.medianMillisecondsToDecision == Double(5 * 3_600_000))
        let report = ComplianceReport(
            figures: figures, from: start, to: start.addingTimeInterval(86400),
            calendar: Calendar(identifier: .gregorian))
        #expect(report.medianSecondsToDecision == Double(5 * 3600))
        let none = ReportFigures(rows: [rows[3]], from: start, to: start.addingTimeInterval(86400), dayStarts: [start])
        #expect(none.medianMillisecondsToDecision == nil)
    }
}
