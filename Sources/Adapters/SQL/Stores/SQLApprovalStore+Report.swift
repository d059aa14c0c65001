import Domain
import Foundation
import Ports

/// The listing and reporting reads that span a submission's checks, cards and decisions.
extension SQLApprovalStore {
    func verdicts(of ids: [SubmissionID]) async throws -> [SubmissionID: Verdict] {
        guard !ids.isEmpty else { return [:] }
        let binds: [SQLValue] = [.text(id)] + ids.map { .text($0.description) }
        let placeholders = (2...binds.count).map { "$\($0)" }.joined(separator: ", ")
        // No condition on `verdict`: it would tempt the planner into the by-verdict index.
        let rows = try await session.query(
            "SELECT id, verdict FROM submissions WHERE tenant_id = $1 AND id IN (\(placeholders))", binds)
        var verdicts: [SubmissionID: Verdict] = [:]
        for row in rows {
            guard let text = try row.optionalText("verdict") else { continue }
            guard let submissionID = SubmissionID(try row.text("id")), let verdict = Verdict(rawValue: text) else {
                throw StoreError.corrupt(what: "verdict")
            }
            verdicts[submissionID] = verdict
        }
        return verdicts
    }

    func latestChecks(of ids: [SubmissionID]) async throws -> [SubmissionID: Check] {
        var latest: [SubmissionID: Check] = [:]
        for row in try await rows(of: "checks", for: ids, order: "checked_at DESC, id DESC") {
            let check = try Check(row: row, tenantID: tenantID)
            if latest[check.submissionID] == nil { latest[check.submissionID] = check }
        }
        return latest
    }

    func latestDecisions(of ids: [SubmissionID]) async throws -> [SubmissionID: Decision] {
        var latest: [SubmissionID: Decision] = [:]
        for row in try await rows(of: "decisions", for: ids, order: "decided_at DESC, id DESC") {
            let decision = try Decision(row: row, tenantID: tenantID)
            if latest[decision.submissionID] == nil { latest[decision.submissionID] = decision }
        }
        return latest
    }

    /// Every row of `table` about these submissions, each submission's in `order`.
    private func rows(of table: String, for ids: [SubmissionID], order: String) async throws -> [SQLRow] {
        guard !ids.isEmpty else { return [] }
        let binds: [SQLValue] = [.text(id)] + Set(ids).map { .text($0.description) }
        let placeholders = (2...binds.count).map { "$\($0)" }.joined(separator: ", ")
        return try await session.query(
            "SELECT * FROM \(table) WHERE tenant_id = $1 AND submission_id IN (\(placeholders)) ORDER BY submission_id, \(order)",
            binds)
    }

    func reportRows(from: Date, to: Date, limit: Int) async throws -> [ReportRow] {
        try await session.query(
            """
            SELECT s.id, s.submitted_at,
              (SELECT c.findings FROM checks c WHERE c.tenant_id = s.tenant_id AND c.submission_id = s.id
                 ORDER BY c.checked_at DESC, c.id DESC LIMIT 1) AS findings,
              (SELECT MIN(m.sent_at) FROM card_messages m WHERE m.tenant_id = s.tenant_id AND m.submission_id = s.id) AS first_card_at,
              (SELECT d.outcome FROM decisions d WHERE d.tenant_id = s.tenant_id AND d.submission_id = s.id
                 ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) AS outcome,
              (SELECT d.approver FROM decisions d WHERE d.tenant_id = s.tenant_id AND d.submission_id = s.id
                 ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) AS decided_by,
              (SELECT d.decided_at FROM decisions d WHERE d.tenant_id = s.tenant_id AND d.submission_id = s.id
                 ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) AS decided_at
            FROM submissions s
            WHERE s.tenant_id = $1 AND s.submitted_at >= $2 AND s.submitted_at < $3
            ORDER BY s.submitted_at, s.id LIMIT $4
            """, id, SQLCoding.millis(from), SQLCoding.millis(to), limit
        ).map { row in
            guard let submissionID = SubmissionID(try row.text("id")) else {
                throw StoreError.corrupt(what: "report row")
            }
            let outcome = try row.optionalText("outcome")
            return ReportRow(
                submissionID: submissionID, submittedAt: SQLCoding.date(try row.integer("submitted_at")),
                findings: try row.optionalText("findings").map(Self.flags),
                firstCardAt: try row.optionalInteger("first_card_at").map(SQLCoding.date),
                decision: outcome.flatMap(Decision.Outcome.init(rawValue:)),
                decidedByKopi: try row.optionalText("decided_by") == Decision.kopiApprover,
                decidedAt: try row.optionalInteger("decided_at").map(SQLCoding.date))
        }
    }

    /// Only code and severity of stored findings: a year of rows is read per report, and the full
    /// Codable decoding of every finding dominated its time.
    static func flags(_ json: String) throws -> [ReportRow.Flag] {
        guard let array = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
            throw StoreError.corrupt(what: "findings")
        }
        return try array.map { object in
            guard let code = (object["code"] as? String).flatMap(Finding.Code.init(rawValue:)),
                let severity = (object["severity"] as? String).flatMap(Verdict.init(rawValue:))
            else {
                throw StoreError.corrupt(what: "findings")
            }
            return ReportRow.Flag(code: code, severity: severity)
        }
    }
}
