public import Foundation

/// Compliance figures over a period: verdict mix, violation rates by finding code, decisions,
/// how often learned memory recognised a claim, and the median time from submission to card.
public struct ComplianceReport: Hashable, Sendable, Codable {
    public struct CodeRate: Hashable, Sendable, Codable {
        public let code: Finding.Code
        public let severity: Verdict
        /// Checked submissions with at least one finding of this code.
        public let submissions: Int
        /// `submissions` over all checked submissions.
        public let rate: Double
    }

    public struct Day: Hashable, Sendable, Codable {
        /// `yyyy-MM-dd` in the policy's time zone.
        public let date: String
        public let green: Int
        public let yellow: Int
        public let red: Int
        public let unchecked: Int
    }

    public let from: Date
    public let to: Date
    public let submissions: Int
    public let checked: Int
    public let verdicts: [String: Int]
    public let violations: [CodeRate]
    /// Latest decision per submission: approve, reject, askForInfo, plus `undecided`.
    public let decisions: [String: Int]
    public let autoApproved: Int
    /// Checked submissions where at least one line matched a learned pattern, over all checked.
    public let memoryMatchRate: Double?
    public let medianSecondsToCard: Double?
    /// From submission to the final decision, over the period's decided claims.
    public let medianSecondsToDecision: Double?
    public let days: [Day]
    /// The workspace's base currency, when it has one.
    public var baseCurrency: CurrencyCode? = nil
    /// The period's claims summed by currency: in the base currency when converted, else in
    /// their own (``CurrencyTotal/totals(of:)``).
    public var amounts: [CurrencyTotal] = []

    /// The report of the rows submitted in `[from, to)`; days are cut in `calendar`'s zone.
    public init(rows: [ReportRow], from: Date, to: Date, calendar: Calendar) {
        let dayStarts = Self.dayStarts(from: from, to: to, calendar: calendar)
        self.init(
            figures: ReportFigures(rows: rows, from: from, to: to, dayStarts: dayStarts), from: from, to: to,
            calendar: calendar)
    }

    /// The report of figures counted over `[from, to)` with the days of ``dayStarts(from:to:calendar:)``.
    public init(figures: ReportFigures, from: Date, to: Date, calendar: Calendar) {
        self.from = from
        self.to = to
        submissions = figures.submissions
        checked = figures.checked
        verdicts = Dictionary(uniqueKeysWithValues: Verdict.allCases.map { ($0.rawValue, figures.verdicts[$0] ?? 0) })
        let denominator = Double(max(checked, 1))
        violations = figures.violations.map {
            CodeRate(
                code: $0.code, severity: $0.severity, submissions: $0.submissions,
                rate: Double($0.submissions) / denominator)
        }
        .sorted { ($0.submissions, $1.code.rawValue) > ($1.submissions, $0.code.rawValue) }
        var decisions = Dictionary(
            uniqueKeysWithValues: Decision.Outcome.allCases.map { ($0.rawValue, figures.decisions[$0] ?? 0) })
        decisions["undecided"] = figures.submissions - figures.decisions.values.reduce(0, +)
        self.decisions = decisions
        autoApproved = figures.autoApproved
        memoryMatchRate = checked == 0 ? nil : Double(figures.memoryMatched) / Double(checked)
        medianSecondsToCard = figures.medianMillisecondsToCard.map { $0 / 1000 }
        medianSecondsToDecision = figures.medianMillisecondsToDecision.map { $0 / 1000 }
        let starts = Self.dayStarts(from: from, to: to, calendar: calendar)
        days = zip(starts, figures.days).map { start, count in
            Day(
                date: Self.dayName(start, calendar: calendar), green: count.green, yellow: count.yellow,
                red: count.red, unchecked: count.unchecked)
        }
    }

    /// The most days a report has.
    public static let maximumDays = 400

    /// The start of each day of `[from, to)` in `calendar`'s zone, the first the start of `from`'s day.
    public static func dayStarts(from: Date, to: Date, calendar: Calendar) -> [Date] {
        var starts: [Date] = []
        var day = calendar.startOfDay(for: from)
        while day < to, starts.count < maximumDays {
            starts.append(day)
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return starts
    }

    static func dayName(_ date: Date, calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
