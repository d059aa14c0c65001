/// Days given by their starts (milliseconds), as runs that SQL can number with arithmetic: a run
/// of 24-hour days numbers a time by division, a day of another length (daylight saving) is a
/// run of its own. In a zone without daylight saving a whole period is one run.
struct DayRuns: Equatable {
    struct Run: Equatable {
        let start: Int64
        let firstDay: Int
        let uniform: Bool
    }

    static let dayMillis: Int64 = 86_400_000
    let runs: [Run]

    /// `end` closes the last day.
    init(starts: [Int64], end: Int64) {
        var runs: [Run] = []
        for (day, start) in starts.enumerated() {
            let next = day + 1 < starts.count ? starts[day + 1] : end
            let uniform = next - start == Self.dayMillis || (day + 1 == starts.count && next - start < Self.dayMillis)
            if let last = runs.last, last.uniform, uniform { continue }
            runs.append(Run(start: start, firstDay: day, uniform: uniform))
        }
        self.runs = runs
    }

    /// The day number of `column` (at or after the first start), as SQL of integer constants only.
    func dayExpression(column: String) -> String {
        func number(_ run: Run) -> String {
            run.uniform ? "(\(run.firstDay) + (\(column) - \(run.start)) / \(Self.dayMillis))" : "\(run.firstDay)"
        }
        guard let last = runs.last else { return "0" }
        let branches = zip(runs, runs.dropFirst()).map { run, next in
            "WHEN \(column) < \(next.start) THEN \(number(run))"
        }
        return branches.isEmpty ? number(last) : "CASE \(branches.joined(separator: " ")) ELSE \(number(last)) END"
    }
}
