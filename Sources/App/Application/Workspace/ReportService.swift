public import Domain
public import Foundation
import Ports

/// Compliance figures over a period, cut into days in the workspace's time zone.
public struct ReportService: Sendable {
    let storage: any Storage
    let runtime: Runtime
    public static let maximumDays = 366

    /// The period from `yyyy-MM-dd` texts (inclusive), defaulting to the last 30 days.
    public func period(from: String?, to: String?, caller: Caller) async throws -> (Date, Date, Calendar) {
        let policy = try await storage.withTenant(caller.tenantID) { try await $0.tenant.policy() }
        let calendar = policy.calendar
        func day(_ text: String?, _ name: String) throws -> Date? {
            guard let text, !text.isEmpty else { return nil }
            let shape = Array(text.utf8)
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard shape.count == 10, shape[4] == UInt8(ascii: "-"), shape[7] == UInt8(ascii: "-"),
                shape.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) }),
                parts.count == 3,
                let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
                calendar.component(.day, from: date) == parts[2]
            else { throw ApplicationError.invalidInput(["\(name): a date as yyyy-MM-dd."]) }
            return date
        }
        let today = calendar.startOfDay(for: runtime.clock.now())
        let end =
            try day(to, "to").flatMap { calendar.date(byAdding: .day, value: 1, to: $0) } ?? calendar.date(
                byAdding: .day, value: 1, to: today)!
        let start = try day(from, "from") ?? calendar.date(byAdding: .day, value: -30, to: end)!
        guard start < end else { throw ApplicationError.invalidInput(["from must not be after to."]) }
        guard end.timeIntervalSince(start) <= Double(Self.maximumDays) * 86400 + 3600 else {
            throw ApplicationError.invalidInput(["The period can be at most \(Self.maximumDays) days."])
        }
        return (start, end, calendar)
    }

    /// The report and the calendar its days were cut in.
    public func report(from: String?, to: String?, caller: Caller) async throws -> (ComplianceReport, Calendar) {
        let (start, end, calendar) = try await period(from: from, to: to, caller: caller)
        let dayStarts = ComplianceReport.dayStarts(from: start, to: end, calendar: calendar)
        // Three reads side by side (on SQLite, reader connections beside the writer).
        let tenant = caller.tenantID
        async let counts = storage.readingTenant(tenant) { scope in
            try await scope.approvals.reportCounts(from: start, to: end, dayStarts: dayStarts)
        }
        async let delays = storage.readingTenant(tenant) { try await $0.approvals.reportDelays(from: start, to: end) }
        async let totals = storage.readingTenant(tenant) { scope in
            (
                try await scope.approvals.claimedTotals(from: start, to: end),
                try await scope.tenant.policy().baseCurrency
            )
        }
        var figures = try await counts
        figures.delays = try await delays
        let (amounts, base) = try await totals
        var report = ComplianceReport(figures: figures, from: start, to: end, calendar: calendar)
        report.baseCurrency = base
        report.amounts = amounts
        return (report, calendar)
    }
}
