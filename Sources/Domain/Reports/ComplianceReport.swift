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
    public let days: [Day]

    /// Builds the report of the rows submitted in `[from, to)`; days are cut in `calendar`'s zone.
    public init(rows: [ReportRow], from: Date, to: Date, calendar: Calendar) {
        let rows = rows.filter { $0.submittedAt >= from && $0.submittedAt < to }
        let checkedRows = rows.filter { $0.findings != nil }
        self.from = from
        self.to = to
        submissions = rows.count
        checked = checkedRows.count

        var verdicts = Dictionary(uniqueKeysWithValues: Verdict.allCases.map { ($0.rawValue, 0) })
        var codes: [Finding.Code: (Verdict, Int)] = [:]
        var matched = 0
        for row in checkedRows {
            let findings = row.findings ?? []
            verdicts[Verdict.worst(of: findings.map(\.severity)).rawValue, default: 0] += 1
            for finding in findings where finding.severity != .green {
                let current = codes[finding.code] ?? (finding.severity, 0)
                codes[finding.code] = (max(current.0, finding.severity), current.1)
            }
            for code in Set(findings.filter { $0.severity != .green }.map(\.code)) { codes[code]!.1 += 1 }
            if findings.contains(where: { $0.code == .memoryKnownPattern }) { matched += 1 }
        }
        self.verdicts = verdicts
        let denominator = Double(max(checkedRows.count, 1))
        violations = codes.map {
            CodeRate(
                code: $0.key, severity: $0.value.0, submissions: $0.value.1, rate: Double($0.value.1) / denominator)
        }
        .sorted { ($0.submissions, $1.code.rawValue) > ($1.submissions, $0.code.rawValue) }

        var decisions = Dictionary(uniqueKeysWithValues: Decision.Outcome.allCases.map { ($0.rawValue, 0) })
        decisions["undecided"] = 0
        for row in rows { decisions[row.decision?.rawValue ?? "undecided", default: 0] += 1 }
        self.decisions = decisions
        autoApproved = rows.filter { $0.decidedByKopi && $0.decision == .approve }.count
        memoryMatchRate = checkedRows.isEmpty ? nil : Double(matched) / Double(checkedRows.count)

        let delays = rows.compactMap { row in row.firstCardAt.map { $0.timeIntervalSince(row.submittedAt) } }.sorted()
        medianSecondsToCard = delays.isEmpty ? nil : Self.median(delays)
        days = Self.days(rows, from: from, to: to, calendar: calendar)
    }

    static func median(_ sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func days(_ rows: [ReportRow], from: Date, to: Date, calendar: Calendar) -> [Day] {
        func key(_ date: Date) -> String {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        }
        var counts: [String: [String: Int]] = [:]
        for row in rows {
            let bucket = row.findings.map { Verdict.worst(of: $0.map(\.severity)).rawValue } ?? "unchecked"
            counts[key(row.submittedAt), default: [:]][bucket, default: 0] += 1
        }
        var result: [Day] = []
        var day = calendar.startOfDay(for: from)
        while day < to, result.count < 400 {
            let name = key(day)
            let count = counts[name] ?? [:]
            result.append(
                Day(
                    date: name, green: count["green"] ?? 0, yellow: count["yellow"] ?? 0, red: count["red"] ?? 0,
                    unchecked: count["unchecked"] ?? 0))
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return result
    }
}
