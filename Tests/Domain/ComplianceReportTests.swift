import Domain
import Foundation
import Testing

@Suite("Compliance report")
struct ComplianceReportTests {
    static let day: TimeInterval = 86400
    static let from = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 86400))
    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    static func row(
        _ offset: TimeInterval, _ flags: [ReportRow.Flag]?, card: TimeInterval? = nil,
        decision: Decision.Outcome? = nil, kopi: Bool = false
    ) -> ReportRow {
        let at = from.addingTimeInterval(offset)
        return ReportRow(
            submissionID: Identifier(UUID()), submittedAt: at, findings: flags,
            firstCardAt: card.map { at.addingTimeInterval($0) },
            decision: decision, decidedByKopi: kopi)
    }

    static let known = ReportRow.Flag(code: .memoryKnownPattern, severity: .green)
    static let cap = ReportRow.Flag(code: .policyCapExceeded, severity: .red)
    static let norm = ReportRow.Flag(code: .amountAboveNorm, severity: .yellow)

    @Test("Verdict mix, violation rates per code (counted once per submission), decisions and memory match rate")
    func figures() {
        let rows = [
            Self.row(100, [Self.known], card: 10, decision: .approve, kopi: true),
            Self.row(200, [Self.cap, Self.norm, Self.norm], card: 30, decision: .reject),
            Self.row(Self.day + 5, [Self.norm], card: 20, decision: .askForInfo),
            Self.row(Self.day + 6, nil),
        ]
        let report = ComplianceReport(
            rows: rows, from: Self.from, to: Self.from.addingTimeInterval(3 * Self.day), calendar: Self.utc)
        #expect(report.submissions == 4 && report.checked == 3)
        #expect(report.verdicts == ["green": 1, "yellow": 1, "red": 1])
        #expect(report.violations.map(\.code.rawValue) == ["amount.above_norm", "policy.cap_exceeded"])
        #expect(report.violations.first?.submissions == 2 && abs((report.violations.first?.rate ?? 0) - 2.0 / 3) < 1e-9)
        #expect(report.violations.last?.severity == .red)
        #expect(report.decisions == ["approve": 1, "reject": 1, "ask_for_info": 1, "undecided": 1])
        #expect(report.autoApproved == 1)
        #expect(abs((report.memoryMatchRate ?? 0) - 1.0 / 3) < 1e-9)
        #expect(report.medianSecondsToCard == 20)
    }

    @Test("Days cover the whole period in the policy's time zone, empty days included")
    func days() {
        var singapore = Calendar(identifier: .gregorian)
        singapore.timeZone = TimeZone(identifier: "Asia/Singapore")!
        // 20:00 UTC is 04:00 the next day in Singapore.
        let rows = [Self.row(20 * 3600, [Self.cap]), Self.row(2 * Self.day + 3600, [])]
        let start = singapore.startOfDay(for: Self.from)
        let report = ComplianceReport(
            rows: rows, from: start, to: start.addingTimeInterval(4 * Self.day), calendar: singapore)
        #expect(report.days.count == 4)
        #expect(report.days.map(\.red) == [0, 1, 0, 0])
        #expect(report.days.map(\.green) == [0, 0, 1, 0])
        #expect(report.days.first?.date == "2027-01-15")
    }

    @Test("Rows outside the period are ignored; nothing checked gives no rates")
    func outside() {
        let report = ComplianceReport(
            rows: [Self.row(-5, [Self.cap]), Self.row(10 * Self.day, nil)], from: Self.from,
            to: Self.from.addingTimeInterval(Self.day), calendar: Self.utc)
        #expect(
            report.submissions == 0 && report.checked == 0 && report.memoryMatchRate == nil
                && report.medianSecondsToCard == nil)
        #expect(report.violations.isEmpty && report.days.count == 1)
    }
}
