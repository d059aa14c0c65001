import Foundation

/// Date: future-dated, stale, claim date against invoice date, weekends and month-end bulk.
struct DateCheck {
    static let mismatchToleranceDays = 3

    func findings(_ input: CheckInput) -> [Finding] {
        let lines = input.submission.lineItems
        let calendar = input.policy.calendar
        var findings: [Finding] = []
        let today = calendar.startOfDay(for: input.now)
        for (index, line) in lines.enumerated() {
            guard let date = line.date else { continue }
            let day = calendar.startOfDay(for: date)
            let prefix = CheckEngine.prefix(index, of: lines.count)
            var evidence = Finding.Evidence.line(index, of: lines.count)
            evidence.expenseDate = Self.format(date, calendar)
            if day > today {
                findings.append(
                    Finding(
                        .dateFuture, severity: .red, message: prefix + "The expense is dated in the future.",
                        evidence: evidence, rule: "no future dates"))
            }
            let age =
                calendar.dateComponents([.day], from: day, to: calendar.startOfDay(for: input.submission.submittedAt))
                .day ?? 0
            if age > input.policy.submissionWindowDays {
                findings.append(
                    Finding(
                        .dateStale, severity: .yellow,
                        message: prefix
                            + "The expense is \(age) days old, beyond the \(input.policy.submissionWindowDays)-day window.",
                        evidence: evidence.with { $0.ageDays = age },
                        rule: "submitted within \(input.policy.submissionWindowDays) days"))
            }
            if input.policy.flagWeekendExpenses && calendar.isDateInWeekend(date) {
                findings.append(
                    Finding(
                        .dateWeekend, severity: .yellow, message: prefix + "The expense is dated on a weekend.",
                        evidence: evidence, rule: "weekend expenses flagged"))
            }
            if let invoiceDate = input.extractions.compactMap(\.invoiceDate).min(by: {
                abs($0.timeIntervalSince(date)) < abs($1.timeIntervalSince(date))
            }) {
                let gap = abs(
                    calendar.dateComponents([.day], from: calendar.startOfDay(for: invoiceDate), to: day).day ?? 0)
                if gap > Self.mismatchToleranceDays {
                    findings.append(
                        Finding(
                            .dateInvoiceMismatch, severity: .yellow,
                            message: prefix + "The claimed date is \(gap) days from the invoice date.",
                            evidence: evidence.with { $0.invoiceDate = Self.format(invoiceDate, calendar) },
                            rule: "claim and invoice dates within \(Self.mismatchToleranceDays) days"))
                }
            }
        }
        if input.policy.flagMonthEndBulk {
            let monthEnd = lines.compactMap(\.date).filter { date in
                guard let range = calendar.range(of: .day, in: .month, for: date) else { return false }
                return calendar.component(.day, from: date) >= range.count - 1
            }
            if monthEnd.count >= 3 {
                findings.append(
                    Finding(
                        .dateMonthEndBulk, severity: .yellow,
                        message: "\(monthEnd.count) lines are dated in the last two days of a month.",
                        evidence: Finding.Evidence().with { $0.lines = monthEnd.count },
                        rule: "month-end bulk claims flagged"))
            }
        }
        return findings
    }

    static func format(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
