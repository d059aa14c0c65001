public import Foundation

/// The counts a compliance report is made of, over the submissions of a period `[from, to)`. A
/// store computes them where the data is (in SQL, without reading the rows out);
/// ``init(rows:from:to:dayStarts:)`` is their definition, which every store is tested against.
public struct ReportFigures: Hashable, Sendable {
    /// Submissions whose current check has a finding of `code` that is not green.
    public struct CodeCount: Hashable, Sendable {
        public let code: Finding.Code
        /// The worst severity the code had in those submissions.
        public let severity: Verdict
        public let submissions: Int

        public init(code: Finding.Code, severity: Verdict, submissions: Int) {
            self.code = code
            self.severity = severity
            self.submissions = submissions
        }
    }

    /// The submissions of one day, by the verdict of their current check.
    public struct DayCount: Hashable, Sendable {
        public var green = 0
        public var yellow = 0
        public var red = 0
        public var unchecked = 0

        public init(green: Int = 0, yellow: Int = 0, red: Int = 0, unchecked: Int = 0) {
            self.green = green
            self.yellow = yellow
            self.red = red
            self.unchecked = unchecked
        }

        public mutating func add(_ verdict: Verdict?, count: Int = 1) {
            switch verdict {
            case .green: green += count
            case .yellow: yellow += count
            case .red: red += count
            case nil: unchecked += count
            }
        }
    }

    public var submissions: Int
    /// Checked submissions by the verdict of their current check.
    public var verdicts: [Verdict: Int]
    /// Ordered by code.
    public var violations: [CodeCount]
    /// Checked submissions where a line matched a learned pattern.
    public var memoryMatched: Int
    /// Decided submissions by their latest decision.
    public var decisions: [Decision.Outcome: Int]
    /// Submissions whose latest decision is Kopi's own approval.
    public var autoApproved: Int
    /// Median of first card minus submission, in milliseconds; nil when no card was sent.
    public var medianMillisecondsToCard: Double?
    /// Median of the final decision (approve or reject) minus submission, in milliseconds, over
    /// the claims whose latest decision is final; nil when none is.
    public var medianMillisecondsToDecision: Double?
    /// One per day start: `[dayStarts[i], dayStarts[i + 1])`, the last ending at `to`.
    public var days: [DayCount]

    public init(
        submissions: Int, verdicts: [Verdict: Int], violations: [CodeCount], memoryMatched: Int,
        decisions: [Decision.Outcome: Int], autoApproved: Int, medianMillisecondsToCard: Double?,
        medianMillisecondsToDecision: Double? = nil, days: [DayCount]
    ) {
        self.submissions = submissions
        self.verdicts = verdicts.filter { $0.value > 0 }
        self.violations = violations.sorted { $0.code.rawValue < $1.code.rawValue }
        self.memoryMatched = memoryMatched
        self.decisions = decisions.filter { $0.value > 0 }
        self.autoApproved = autoApproved
        self.medianMillisecondsToCard = medianMillisecondsToCard
        self.medianMillisecondsToDecision = medianMillisecondsToDecision
        self.days = days
    }

    public var checked: Int { verdicts.values.reduce(0, +) }

    /// The two medians, which a store may compute apart from the counts (in a read of their own).
    public struct Delays: Hashable, Sendable {
        public var medianMillisecondsToCard: Double?
        public var medianMillisecondsToDecision: Double?

        public init(medianMillisecondsToCard: Double? = nil, medianMillisecondsToDecision: Double? = nil) {
            self.medianMillisecondsToCard = medianMillisecondsToCard
            self.medianMillisecondsToDecision = medianMillisecondsToDecision
        }
    }

    public var delays: Delays {
        get {
            Delays(
                medianMillisecondsToCard: medianMillisecondsToCard,
                medianMillisecondsToDecision: medianMillisecondsToDecision)
        }
        set {
            medianMillisecondsToCard = newValue.medianMillisecondsToCard
            medianMillisecondsToDecision = newValue.medianMillisecondsToDecision
        }
    }

    /// The figures of the rows submitted in `[from, to)`.
    public init(rows: [ReportRow], from: Date, to: Date, dayStarts: [Date]) {
        let rows = rows.filter { $0.submittedAt >= from && $0.submittedAt < to }
        var verdicts: [Verdict: Int] = [:]
        var codes: [Finding.Code: (severity: Verdict, submissions: Int)] = [:]
        var memoryMatched = 0
        var decisions: [Decision.Outcome: Int] = [:]
        var days = Array(repeating: DayCount(), count: dayStarts.count)
        for row in rows {
            let verdict = row.findings.map { Verdict.worst(of: $0.map(\.severity)) }
            if let verdict { verdicts[verdict, default: 0] += 1 }
            var worstByCode: [Finding.Code: Verdict] = [:]
            for flag in row.findings ?? [] {
                worstByCode[flag.code] = max(worstByCode[flag.code] ?? .green, flag.severity)
            }
            if worstByCode[.memoryKnownPattern] != nil { memoryMatched += 1 }
            for (code, severity) in worstByCode where severity != .green {
                let current = codes[code] ?? (.green, 0)
                codes[code] = (max(current.severity, severity), current.submissions + 1)
            }
            if let decision = row.decision { decisions[decision, default: 0] += 1 }
            if let day = dayStarts.lastIndex(where: { $0 <= row.submittedAt }) { days[day].add(verdict) }
        }
        let delays = rows.compactMap { row in
            row.firstCardAt.map { Int64(($0.timeIntervalSince(row.submittedAt) * 1000).rounded()) }
        }
        let decided = rows.compactMap { row in
            row.decision?.isFinal == true
                ? row.decidedAt.map { Int64(($0.timeIntervalSince(row.submittedAt) * 1000).rounded()) } : nil
        }
        self.init(
            submissions: rows.count, verdicts: verdicts,
            violations: codes.map {
                CodeCount(code: $0.key, severity: $0.value.severity, submissions: $0.value.submissions)
            },
            memoryMatched: memoryMatched, decisions: decisions,
            autoApproved: rows.filter { $0.decidedByKopi && $0.decision == .approve }.count,
            medianMillisecondsToCard: Self.median(delays.sorted()),
            medianMillisecondsToDecision: Self.median(decided.sorted()), days: days)
    }

    /// The median of sorted values; of an even count, the mean of the middle two.
    public static func median(_ sorted: [Int64]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }
}
