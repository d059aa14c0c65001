import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("ApprovalStore contract: report figures counted by the store")
struct ApprovalStoreFiguresContract {
    static let day: Double = 86400
    static var singapore: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Singapore")!
        return calendar
    }

    static let findings: [[Finding]] = [
        [],
        [Finding(.memoryKnownPattern, severity: .green, message: "known")],
        [
            Finding(.amountAboveNorm, severity: .yellow, message: "above"),
            Finding(.amountAboveNorm, severity: .red, message: "far above"),
        ],
        [
            Finding(.policyCapExceeded, severity: .red, message: "cap"),
            Finding(.memoryKnownPattern, severity: .green, message: "known"),
        ],
        [Finding(.dateStale, severity: .yellow, message: "old")],
    ]

    @Test(
        "Figures equal the report's definition over the rows: checks saved out of order, cards replaced, decisions by people and Kopi, days in the policy's zone",
        arguments: StoreKind.allCases)
    func figuresMatchRows(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            try await Self.seed(test.storage, tenant: tenant.id, count: 70, seed: 11)
            try await Self.seed(test.storage, tenant: other.id, count: 15, seed: 12)
            let from = Self.singapore.startOfDay(for: Fixtures.time(0))
            let to = from.addingTimeInterval(5 * Self.day)
            let dayStarts = ComplianceReport.dayStarts(from: from, to: to, calendar: Self.singapore)
            let (figures, rows) = try await test.storage.withTenant(tenant.id) { scope in
                (
                    try await scope.approvals.reportFigures(from: from, to: to, dayStarts: dayStarts),
                    try await scope.approvals.reportRows(from: from, to: to, limit: 1000)
                )
            }
            #expect(figures == ReportFigures(rows: rows, from: from, to: to, dayStarts: dayStarts))
            // Counts and delays apart, as the report reads them side by side.
            let (counts, delays) = try await test.storage.readingTenant(tenant.id) { scope in
                (
                    try await scope.approvals.reportCounts(from: from, to: to, dayStarts: dayStarts),
                    try await scope.approvals.reportDelays(from: from, to: to)
                )
            }
            #expect(counts.delays == ReportFigures.Delays() && delays == figures.delays)
            var merged = counts
            merged.delays = delays
            #expect(merged == figures)
            // The data set exercises every part of the report.
            #expect(figures.submissions > 40 && figures.submissions < 70)
            #expect(figures.checked < figures.submissions && figures.verdicts.count == 3)
            #expect(figures.violations.map(\.code) == [.amountAboveNorm, .dateStale, .policyCapExceeded])
            #expect(figures.violations.first?.severity == .red && figures.memoryMatched > 0)
            #expect(figures.decisions.count == 3 && figures.autoApproved > 0)
            #expect(figures.medianMillisecondsToCard != nil && figures.days.count == 5)
            #expect(figures.medianMillisecondsToDecision != nil, "decisions are counted from submission to decision")
            #expect(figures.days.allSatisfy { $0.green + $0.yellow + $0.red + $0.unchecked > 0 })

            let odd = try await test.storage.withTenant(tenant.id) { scope in
                let rows = try await scope.approvals.reportRows(from: from, to: to.addingTimeInterval(-1), limit: 1000)
                return (
                    try await scope.approvals.reportFigures(
                        from: from, to: to.addingTimeInterval(-1), dayStarts: dayStarts),
                    rows
                )
            }
            #expect(
                odd.0 == ReportFigures(rows: odd.1, from: from, to: to.addingTimeInterval(-1), dayStarts: dayStarts))
        }
    }

    @Test("An empty period, and another workspace's submissions, count nothing", arguments: StoreKind.allCases)
    func emptyAndIsolated(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            try await Self.seed(test.storage, tenant: other.id, count: 20, seed: 3)
            let from = Fixtures.time(0)
            let dayStarts = [from, from.addingTimeInterval(Self.day)]
            let figures = try await test.storage.withTenant(tenant.id) {
                try await $0.approvals.reportFigures(
                    from: from, to: from.addingTimeInterval(2 * Self.day), dayStarts: dayStarts)
            }
            #expect(
                figures
                    == ReportFigures(
                        submissions: 0, verdicts: [:], violations: [], memoryMatched: 0, decisions: [:],
                        autoApproved: 0, medianMillisecondsToCard: nil, days: [.init(), .init()]))
        }
    }

    /// Submissions over six days from `Fixtures.time(-day)`, each with zero to two checks (the
    /// later one sometimes saved first), zero to two cards (one sometimes replaced by a later
    /// message) and zero to three decisions.
    static func seed(_ storage: any Storage, tenant: TenantID, count: Int, seed: UInt64) async throws {
        let flow = Fixtures.flow(tenant)
        try await storage.withTenant(tenant) { scope in
            var random = SplitMix64(seed: seed)
            let approvals = scope.approvals
            try await approvals.saveFlow(flow)
            for _ in 0..<count {
                let at = Double(random.next() % UInt64(6 * day)) - day
                let submission = Fixtures.submission(tenant, flow: flow.id, at: at.rounded())
                try await approvals.saveSubmission(submission)
                let checks = (0..<Int(random.next() % 3)).map { index in
                    Check(
                        id: Fixtures.randomness.identifier(), tenantID: tenant, submissionID: submission.id,
                        findings: findings[Int(random.next() % UInt64(findings.count))],
                        checkedAt: Fixtures.time(at + 10 + Double(index) * 60))
                }
                for check in random.next() % 2 == 0 ? checks : checks.reversed() {
                    try await approvals.saveCheck(check)
                }
                for index in 0..<Int(random.next() % 3) {
                    var card = CardMessage(
                        tenantID: tenant, submissionID: submission.id, approver: LarkIDs.openID(),
                        messageID: LarkIDs.messageID(), taskID: LarkIDs.taskID(),
                        sentAt: Fixtures.time(at + 20 + Double(random.next() % 600) + Double(index)))
                    try await approvals.saveCard(card)
                    if random.next() % 3 == 0 {
                        card.messageID = LarkIDs.messageID()
                        card.sentAt = card.sentAt.addingTimeInterval(3600)
                        try await approvals.updateCard(card)
                    }
                }
                for index in 0..<Int(random.next() % 4) {
                    let outcome = Decision.Outcome.allCases[Int(random.next() % 3)]
                    try await approvals.saveDecision(
                        Decision(
                            id: Fixtures.randomness.identifier(), tenantID: tenant, submissionID: submission.id,
                            approver: random.next() % 2 == 0 ? Decision.kopiApprover : LarkIDs.openID(),
                            outcome: outcome, decidedAt: Fixtures.time(at + 900 + Double(index) * 60)))
                }
            }
        }
    }
}
