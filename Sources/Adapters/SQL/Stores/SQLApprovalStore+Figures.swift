import Domain
import Foundation
import Ports

/// The compliance report counted in SQL from the summary each submission keeps (its verdict,
/// latest decision, first card time and `submission_flags`): aggregate reads over covering
/// indexes, and no row of the period read out. Each read is shaped so that SQLite, which
/// aggregates by sorting, never sorts the period: counts walk index ranges, and finding codes
/// come in index order. The delays are a read of their own, so the report can run them beside
/// the counts.
extension SQLApprovalStore {
    func reportCounts(from: Date, to: Date, dayStarts: [Date]) async throws -> ReportFigures {
        let period = period(from: from, to: to)
        let totals = try await reportTotals(period)
        let days = try await reportDays(period, dayStarts: dayStarts, to: to)
        let verdicts: [Verdict: Int] = [
            .green: days.map(\.green).reduce(0, +), .yellow: days.map(\.yellow).reduce(0, +),
            .red: days.map(\.red).reduce(0, +),
        ]
        let (violations, memoryMatched) = try await reportViolations(period)
        return ReportFigures(
            submissions: Int(try totals.integer("submissions")), verdicts: verdicts, violations: violations,
            memoryMatched: memoryMatched,
            decisions: Dictionary(
                uniqueKeysWithValues: try Decision.Outcome.allCases.map { ($0, Int(try totals.integer($0.rawValue))) }
            ),
            autoApproved: Int(try totals.integer("auto_approved")), medianMillisecondsToCard: nil, days: days)
    }

    func reportDelays(from: Date, to: Date) async throws -> ReportFigures.Delays {
        let period = period(from: from, to: to)
        switch session.dialect {
        case .postgres: return try await reportDelaysByPercentiles(period)
        case .sqlite:
            guard
                let counts = try await session.query(
                    """
                    SELECT COUNT(first_card_at) AS carded,
                      COALESCE(SUM(CASE WHEN decision IN ($4, $5) AND decided_at IS NOT NULL THEN 1 ELSE 0 END), 0)
                        AS decided
                    FROM submissions WHERE \(Self.inPeriod)
                    """, period + Self.finalOutcomes
                ).first
            else { throw StoreError.corrupt(what: "report delays") }
            return ReportFigures.Delays(
                medianMillisecondsToCard: try await medianDelayToCard(
                    period, carded: Int(try counts.integer("carded"))),
                medianMillisecondsToDecision: try await medianDelayToDecision(
                    period, decided: Int(try counts.integer("decided"))))
        }
    }

    private static let finalOutcomes: [SQLValue] = [
        .text(Decision.Outcome.approve.rawValue), .text(Decision.Outcome.reject.rawValue),
    ]

    /// Postgres: both medians in one pass (`percentile_cont` at 0.5 is the mean of the middle
    /// two, as ``ReportFigures/median(_:)``).
    private func reportDelaysByPercentiles(_ period: [SQLValue]) async throws -> ReportFigures.Delays {
        guard
            let row = try await session.query(
                """
                SELECT
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY first_card_at - submitted_at)
                    FILTER (WHERE first_card_at IS NOT NULL) AS to_card,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY decided_at - submitted_at)
                    FILTER (WHERE decision IN ($4, $5) AND decided_at IS NOT NULL) AS to_decision
                FROM submissions WHERE \(Self.inPeriod)
                """, period + Self.finalOutcomes
            ).first
        else { throw StoreError.corrupt(what: "report delays") }
        func number(_ column: String) throws -> Double? {
            try row.optionalText(column).map { text in
                guard let value = Double(text) else { throw StoreError.corrupt(what: "report delay") }
                return value
            }
        }
        return ReportFigures.Delays(
            medianMillisecondsToCard: try number("to_card"), medianMillisecondsToDecision: try number("to_decision"))
    }

    private static let inPeriod = "tenant_id = $1 AND submitted_at >= $2 AND submitted_at < $3"

    /// The binds of ``inPeriod``.
    private func period(from: Date, to: Date) -> [SQLValue] {
        [.text(id), .integer(SQLCoding.millis(from)), .integer(SQLCoding.millis(to))]
    }

    private func reportTotals(_ period: [SQLValue]) async throws -> SQLRow {
        var binds = period
        func count(_ condition: String, _ value: String, as name: String) -> String {
            binds.append(.text(value))
            return "COALESCE(SUM(CASE WHEN \(condition) = $\(binds.count) THEN 1 ELSE 0 END), 0) AS \(name)"
        }
        let columns =
            ["COUNT(*) AS submissions", "COUNT(first_card_at) AS carded"]
            + Decision.Outcome.allCases.map { count("decision", $0.rawValue, as: $0.rawValue) }
            + [count("decided_by_kopi = 1 AND decision", Decision.Outcome.approve.rawValue, as: "auto_approved")]
        guard
            let row = try await session.query(
                "SELECT \(columns.joined(separator: ", ")) FROM submissions WHERE \(Self.inPeriod)", binds
            ).first
        else { throw StoreError.corrupt(what: "report totals") }
        return row
    }

    /// Per finding code, read code by code from `submission_flags_by_code`.
    private func reportViolations(_ period: [SQLValue]) async throws -> ([ReportFigures.CodeCount], Int) {
        let codes = Finding.Code.allCases.map { SQLValue.text($0.rawValue) }
        let placeholders = codes.indices.map { "$\(period.count + $0 + 1)" }.joined(separator: ", ")
        let rows = try await session.query(
            """
            SELECT code, MAX(severity) AS severity, COUNT(*) AS present,
              SUM(CASE WHEN severity > 0 THEN 1 ELSE 0 END) AS violating
            FROM submission_flags WHERE \(Self.inPeriod) AND code IN (\(placeholders))
            GROUP BY code
            """, period + codes)
        var violations: [ReportFigures.CodeCount] = []
        var memoryMatched = 0
        for row in rows {
            guard let code = Finding.Code(rawValue: try row.text("code")) else {
                throw StoreError.corrupt(what: "finding code")
            }
            if code == .memoryKnownPattern { memoryMatched = Int(try row.integer("present")) }
            let violating = Int(try row.integer("violating"))
            guard violating > 0 else { continue }
            let severity: Verdict = try row.integer("severity") >= 2 ? .red : .yellow
            violations.append(ReportFigures.CodeCount(code: code, severity: severity, submissions: violating))
        }
        return (violations, memoryMatched)
    }

    /// The middle one or two delays, read by their position in the sorted period.
    private func medianDelayToCard(_ period: [SQLValue], carded: Int) async throws -> Double? {
        guard carded > 0 else { return nil }
        let middle = try await session.query(
            """
            SELECT first_card_at - submitted_at AS delay FROM submissions
            WHERE \(Self.inPeriod) AND first_card_at IS NOT NULL
            ORDER BY delay LIMIT $4 OFFSET $5
            """, period + [.integer(carded % 2 == 1 ? 1 : 2), .integer(Int64((carded - 1) / 2))]
        ).map { try $0.integer("delay") }
        return ReportFigures.median(middle)
    }

    /// The same for the final decision: claims whose latest decision approves or rejects.
    private func medianDelayToDecision(_ period: [SQLValue], decided: Int) async throws -> Double? {
        guard decided > 0 else { return nil }
        let middle = try await session.query(
            """
            SELECT decided_at - submitted_at AS delay FROM submissions
            WHERE \(Self.inPeriod) AND decision IN ($4, $5) AND decided_at IS NOT NULL
            ORDER BY delay LIMIT $6 OFFSET $7
            """,
            period + Self.finalOutcomes + [.integer(decided % 2 == 1 ? 1 : 2), .integer(Int64((decided - 1) / 2))]
        ).map { try $0.integer("delay") }
        return ReportFigures.median(middle)
    }

    /// Submissions per day and verdict. The days come as their starts, so they are cut in the
    /// policy's time zone (daylight saving included) without the database knowing it.
    private func reportDays(_ period: [SQLValue], dayStarts: [Date], to: Date) async throws -> [ReportFigures.DayCount]
    {
        guard !dayStarts.isEmpty else { return [] }
        switch session.dialect {
        case .sqlite: return try await reportDaysByRanges(period, dayStarts: dayStarts, to: to)
        case .postgres: return try await reportDaysByGroups(period, dayStarts: dayStarts, to: to)
        }
    }

    /// SQLite: each day and verdict (none included) counted by walking its range of
    /// `submissions_by_verdict`, never sorting the period: each submission is walked once.
    private func reportDaysByRanges(_ period: [SQLValue], dayStarts: [Date], to: Date) async throws
        -> [ReportFigures.DayCount]
    {
        let bounds = (dayStarts + [to]).map { SQLValue.integer(SQLCoding.millis($0)) }
        let values = dayStarts.indices.map { day in
            "(\(day), CAST($\(period.count + day + 1) AS BIGINT), CAST($\(period.count + day + 2) AS BIGINT))"
        }
        let verdicts = Verdict.allCases.map { SQLValue.text($0.rawValue) }
        let first = period.count + bounds.count
        func count(_ condition: String) -> String {
            """
            (SELECT COUNT(*) FROM submissions s WHERE s.tenant_id = $1\(condition)
               AND s.submitted_at >= days.starts AND s.submitted_at < days.ends
               AND s.submitted_at >= $2 AND s.submitted_at < $3)
            """
        }
        let columns =
            ["days.day", count(" AND s.verdict IS NULL") + " AS unchecked"]
            + Verdict.allCases.enumerated().map { index, verdict in
                count(" AND s.verdict = $\(first + index + 1)") + " AS \(verdict.rawValue)"
            }
        let rows = try await session.query(
            """
            WITH days (day, starts, ends) AS (VALUES \(values.joined(separator: ", ")))
            SELECT \(columns.joined(separator: ", ")) FROM days
            """, period + bounds + verdicts)
        var days = Array(repeating: ReportFigures.DayCount(), count: dayStarts.count)
        for row in rows {
            let day = Int(try row.integer("day"))
            guard days.indices.contains(day) else { throw StoreError.corrupt(what: "report day") }
            let (green, yellow, red) = (
                Int(try row.integer("green")), Int(try row.integer("yellow")), Int(try row.integer("red"))
            )
            days[day] = ReportFigures.DayCount(
                green: green, yellow: yellow, red: red, unchecked: Int(try row.integer("unchecked")))
        }
        return days
    }

    /// Postgres: one hash aggregate over the period, the day numbered by ``DayRuns``.
    private func reportDaysByGroups(_ period: [SQLValue], dayStarts: [Date], to: Date) async throws
        -> [ReportFigures.DayCount]
    {
        let runs = DayRuns(starts: dayStarts.map(SQLCoding.millis), end: SQLCoding.millis(to))
        let rows = try await session.query(
            """
            SELECT \(runs.dayExpression(column: "submitted_at")) AS day, verdict, COUNT(*) AS submissions
            FROM submissions WHERE \(Self.inPeriod) GROUP BY day, verdict
            """, period)
        var days = Array(repeating: ReportFigures.DayCount(), count: dayStarts.count)
        for row in rows {
            let day = Int(try row.integer("day"))
            guard days.indices.contains(day) else { throw StoreError.corrupt(what: "report day") }
            let verdict = try row.optionalText("verdict").map { text in
                guard let verdict = Verdict(rawValue: text) else { throw StoreError.corrupt(what: "verdict") }
                return verdict
            }
            days[day].add(verdict, count: Int(try row.integer("submissions")))
        }
        return days
    }
}

extension SQLApprovalStore {
    /// Claimed amounts by currency (the base currency where converted). A workspace claims in one
    /// currency far more often than not, so one pass finds the lowest and highest currency with
    /// the totals: when they are the same, that is the answer, with no grouping (SQLite groups by
    /// sorting every claim of the period). Only several currencies take the grouped read.
    func claimedTotals(from: Date, to: Date) async throws -> [CurrencyTotal] {
        let period = period(from: from, to: to)
        guard
            let single = try await session.query(
                """
                SELECT MIN(\(Self.claimCurrency)) AS lowest, MAX(\(Self.claimCurrency)) AS highest,
                  CAST(SUM(\(Self.claimAmount)) AS BIGINT) AS total, COUNT(*) AS claims
                FROM submissions WHERE \(Self.claimsInPeriod)
                """, period
            ).first
        else { throw StoreError.corrupt(what: "claimed total") }
        guard try single.integer("claims") > 0 else { return [] }
        if try single.text("lowest") == single.text("highest") { return [try Self.currencyTotal(single, "lowest")] }
        return try await session.query(
            """
            SELECT \(Self.claimCurrency) AS total_currency, CAST(SUM(\(Self.claimAmount)) AS BIGINT) AS total,
              COUNT(*) AS claims
            FROM submissions WHERE \(Self.claimsInPeriod)
            GROUP BY \(Self.claimCurrency) ORDER BY total_currency
            """, period
        ).map { try Self.currencyTotal($0, "total_currency") }
    }

    private static let claimCurrency = "CASE WHEN base_minor IS NOT NULL THEN base_currency ELSE currency END"
    private static let claimAmount = "CASE WHEN base_minor IS NOT NULL THEN base_minor ELSE amount_minor END"
    private static let claimsInPeriod = inPeriod + " AND (base_minor IS NOT NULL OR amount_minor IS NOT NULL)"

    private static func currencyTotal(_ row: SQLRow, _ currencyColumn: String) throws -> CurrencyTotal {
        guard let currency = CurrencyCode(try row.text(currencyColumn)) else {
            throw StoreError.corrupt(what: "claimed total")
        }
        return CurrencyTotal(
            total: Money(minorUnits: try row.integer("total"), currency: currency),
            claims: Int(try row.integer("claims")))
    }
}
