import Domain
import Foundation
import Ports

extension InMemoryApprovalStore {
    func verdicts(of ids: [SubmissionID]) async throws -> [SubmissionID: Verdict] {
        var verdicts: [SubmissionID: Verdict] = [:]
        for id in Set(ids) {
            if let check = try await latestCheck(for: id) { verdicts[id] = check.verdict }
        }
        return verdicts
    }

    func latestChecks(of ids: [SubmissionID]) async throws -> [SubmissionID: Check] {
        var latest: [SubmissionID: Check] = [:]
        for id in Set(ids) { latest[id] = try await latestCheck(for: id) }
        return latest
    }

    func latestDecisions(of ids: [SubmissionID]) async throws -> [SubmissionID: Decision] {
        var latest: [SubmissionID: Decision] = [:]
        for id in Set(ids) { latest[id] = try await decisions(for: id).last }
        return latest
    }

    func reportRows(from: Date, to: Date, limit: Int) async throws -> [ReportRow] {
        let submissions = await database.read { [tenantID] tables in
            (tables.submissions[tenantID] ?? [:]).values.filter { $0.submittedAt >= from && $0.submittedAt < to }
                .sorted { ($0.submittedAt, $0.id) < ($1.submittedAt, $1.id) }.prefix(limit)
        }
        var rows: [ReportRow] = []
        for submission in submissions {
            let last = try await decisions(for: submission.id).last
            rows.append(
                ReportRow(
                    submissionID: submission.id, submittedAt: submission.submittedAt,
                    findings: try await latestCheck(for: submission.id)?.findings.map(ReportRow.Flag.init),
                    firstCardAt: try await cards(for: submission.id).map(\.sentAt).min(), decision: last?.outcome,
                    decidedByKopi: last?.approver == Decision.kopiApprover, decidedAt: last?.decidedAt))
        }
        return rows
    }

    func reportCounts(from: Date, to: Date, dayStarts: [Date]) async throws -> ReportFigures {
        var figures = ReportFigures(
            rows: try await reportRows(from: from, to: to, limit: .max), from: from, to: to, dayStarts: dayStarts)
        figures.delays = ReportFigures.Delays()
        return figures
    }

    func reportDelays(from: Date, to: Date) async throws -> ReportFigures.Delays {
        ReportFigures(rows: try await reportRows(from: from, to: to, limit: .max), from: from, to: to, dayStarts: [])
            .delays
    }
}

extension InMemoryApprovalStore {
    func claimedTotals(from: Date, to: Date) async throws -> [CurrencyTotal] {
        await database.read { [tenantID] tables in
            CurrencyTotal.totals(
                of: (tables.submissions[tenantID] ?? [:]).values.filter {
                    $0.submittedAt >= from && $0.submittedAt < to
                })
        }
    }
}
