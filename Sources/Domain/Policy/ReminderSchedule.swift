public import Foundation

/// When a card that still waits for its approver earns its one reminder: after the policy's
/// number of working days (Monday to Friday in the policy's time zone), and only during working
/// hours there (09:00 to 17:59 on a working day), so nobody is pinged at night or on a weekend.
public enum ReminderSchedule {
    public static let workingHours = 9..<18

    /// `sentAt` moved forward by `workingDays` working days, at the same time of day; a card sent
    /// on a weekend counts from the next Monday's start.
    public static func dueDate(sentAt: Date, workingDays: Int, calendar: Calendar) -> Date {
        var date = sentAt
        if !isWorkingDay(date, calendar) {
            while !isWorkingDay(date, calendar) {
                date = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: date)) ?? date
            }
        }
        var remaining = workingDays
        while remaining > 0 {
            date = calendar.date(byAdding: .day, value: 1, to: date) ?? date
            if isWorkingDay(date, calendar) { remaining -= 1 }
        }
        return date
    }

    public static func isWorkingDay(_ date: Date, _ calendar: Calendar) -> Bool {
        !calendar.isDateInWeekend(date)
    }

    public static func isWorkingHour(_ date: Date, calendar: Calendar) -> Bool {
        isWorkingDay(date, calendar) && workingHours.contains(calendar.component(.hour, from: date))
    }

    /// Whether a card sent at `sentAt` and never reminded is due for its reminder at `now`.
    public static func isDue(sentAt: Date, now: Date, policy: PolicySettings) -> Bool {
        guard policy.reminderAfterWorkingDays > 0 else { return false }
        let calendar = policy.calendar
        return isWorkingHour(now, calendar: calendar)
            && now >= dueDate(sentAt: sentAt, workingDays: policy.reminderAfterWorkingDays, calendar: calendar)
    }
}
