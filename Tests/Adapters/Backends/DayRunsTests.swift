import Foundation
import Testing

@testable import Adapters

@Suite("Report days numbered in SQL")
struct DayRunsTests {
    static func starts(_ zone: String, from: String, days: Int) -> [Int64] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let first = calendar.startOfDay(for: ISO8601DateFormatter().date(from: from + "T12:00:00Z")!)
        return (0..<days).map { SQLCoding.millis(calendar.date(byAdding: .day, value: $0, to: first)!) }
    }

    @Test("A zone without daylight saving is one run; each day of a daylight-saving change is a run of its own")
    func runs() {
        let singapore = Self.starts("Asia/Singapore", from: "2027-01-01", days: 365)
        #expect(DayRuns(starts: singapore, end: singapore.last! + DayRuns.dayMillis).runs.count == 1)
        let newYork = Self.starts("America/New_York", from: "2027-01-01", days: 365)
        let runs = DayRuns(starts: newYork, end: newYork.last! + DayRuns.dayMillis).runs
        #expect(runs.map(\.uniform) == [true, false, true, false, true])
        #expect(runs.filter { !$0.uniform }.map(\.firstDay) == [72, 310])  // 14 March and 7 November 2027
    }

    @Test(
        "The SQL expression gives every instant the day whose start it follows",
        arguments: [StoreKind.sqlite, .postgres], ["America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"])
    func expression(kind: StoreKind, zone: String) async throws {
        let starts = Self.starts(zone, from: "2027-03-01", days: 280)
        let end = starts.last! + DayRuns.dayMillis
        let runs = DayRuns(starts: starts, end: end)
        var instants: [Int64] = []
        for (day, start) in starts.enumerated() {
            let next = day + 1 < starts.count ? starts[day + 1] : end
            instants += [start, start + 1, start + 3_600_000, next - 3_600_000, next - 1]
        }
        let sql = """
            SELECT at, \(runs.dayExpression(column: "at")) AS day
            FROM (SELECT column1 AS at FROM (VALUES \(instants.map { "(\($0))" }.joined(separator: ", "))) AS v) AS t
            ORDER BY at
            """
        let rows = try await withStorage(kind) { test in
            switch kind {
            case .postgres: return try await PostgresAdmin.run(try #require(test.postgresRuntimeURL), sql)
            default:
                let database = try await SQLiteDatabase.open(
                    path: try #require(test.sqlitePath), busyTimeoutMilliseconds: 1000)
                let rows = try await database.transaction { try await $0.query(sql, []) }
                await database.close()
                return rows
            }
        }
        #expect(rows.count == instants.count)
        for row in rows {
            let instant = try row.integer("at")
            #expect(Int(try row.integer("day")) == starts.lastIndex { $0 <= instant }, "instant \(instant)")
        }
    }
}
