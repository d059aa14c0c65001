import Domain
import Foundation
import Ports

/// Extractions, checks, decisions, cards and the audit trail of submissions.
extension SQLApprovalStore {
    func saveExtraction(_ extraction: InvoiceExtraction, for submissionID: SubmissionID) async throws {
        try await session.executeDeferred(
            """
            INSERT INTO extractions (tenant_id, submission_id, content_hash, invoice_key, body) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant_id, submission_id, content_hash) DO UPDATE SET invoice_key = excluded.invoice_key,
              body = excluded.body
            """,
            id, submissionID.description, extraction.contentHash, extraction.invoiceKey, try SQLCoding.json(extraction))
    }

    func extractions(for submissionID: SubmissionID) async throws -> [InvoiceExtraction] {
        try await session.query(
            "SELECT body FROM extractions WHERE tenant_id = $1 AND submission_id = $2 ORDER BY content_hash",
            id, submissionID.description
        ).map { try SQLCoding.decode(InvoiceExtraction.self, from: try $0.text("body")) }
    }

    func extraction(contentHash: String) async throws -> InvoiceExtraction? {
        try await session.first(
            "SELECT body FROM extractions WHERE tenant_id = $1 AND content_hash = $2 LIMIT 1", id, contentHash
        ).map { try SQLCoding.decode(InvoiceExtraction.self, from: try $0.text("body")) }
    }

    func submissionsWithInvoice(contentHash: String?, invoiceKey: String?, excluding: SubmissionID, limit: Int)
        async throws -> [InvoiceHolder]
    {
        // One seek per value given, on an index that holds the submission id: an OR, or an index
        // without it, leaves a planner without statistics (a new SQLite file) walking every
        // extraction of the workspace.
        var binds: [SQLValue] = [.text(id), .text(excluding.description), .integer(Int64(max(0, limit)))]
        var seeks: [String] = []
        for (column, value) in [("content_hash", contentHash), ("invoice_key", invoiceKey)] {
            guard let value else { continue }
            binds.append(.text(value))
            seeks.append(
                "SELECT e.submission_id FROM extractions e WHERE e.tenant_id = $1 AND e.\(column) = $\(binds.count)")
        }
        guard !seeks.isEmpty else { return [] }
        return try await session.query(
            """
            SELECT s.id, s.instance_code FROM submissions s
            WHERE s.tenant_id = $1 AND s.id <> $2 AND s.id IN (\(seeks.joined(separator: " UNION ")))
            ORDER BY s.id LIMIT $3
            """, binds
        ).map { row in
            guard let found = SubmissionID(try row.text("id")) else { throw StoreError.corrupt(what: "submission id") }
            return InvoiceHolder(submissionID: found, instanceCode: try row.text("instance_code"))
        }
    }

    /// The check, and if it is the submission's latest, its verdict and report rows: four deferred
    /// writes, each conditioned on no later check existing.
    func saveCheck(_ check: Check) async throws {
        guard check.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await session.executeDeferred(
            "INSERT INTO checks (tenant_id, id, submission_id, verdict, findings, checked_at) VALUES ($1, $2, $3, $4, $5, $6)",
            id, check.id.description, check.submissionID.description, check.verdict.rawValue,
            try Finding.json(check.findings), SQLCoding.millis(check.checkedAt))
        let latest: [SQLValue] = [
            .text(id), .text(check.submissionID.description), .integer(SQLCoding.millis(check.checkedAt)),
            .text(check.id.description),
        ]
        try await session.executeDeferred(
            "UPDATE submissions SET verdict = $5 WHERE tenant_id = $1 AND id = $2 AND \(Self.noLaterCheck)",
            latest + [.text(check.verdict.rawValue)])
        try await replaceFlags(of: check, latest: latest)
    }

    /// True in a statement whose $1–$4 are the tenant, submission, time and id of a check when no
    /// check of that submission came after it.
    private static let noLaterCheck = """
        NOT EXISTS (SELECT 1 FROM checks c WHERE c.tenant_id = $1 AND c.submission_id = $2
          AND (c.checked_at > $3 OR (c.checked_at = $3 AND c.id > $4)))
        """

    /// The report's rows of the submission's current check: each finding code once, at its worst.
    private func replaceFlags(of check: Check, latest: [SQLValue]) async throws {
        try await session.executeDeferred(
            "DELETE FROM submission_flags WHERE tenant_id = $1 AND submission_id = $2 AND \(Self.noLaterCheck)",
            latest)
        var worst: [Finding.Code: Verdict] = [:]
        for finding in check.findings { worst[finding.code] = max(worst[finding.code] ?? .green, finding.severity) }
        guard !worst.isEmpty else { return }
        var binds = latest
        var rows: [String] = []
        for (code, severity) in worst.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            binds += [.text(code.rawValue), .integer(Self.severityRank(severity))]
            rows.append("($\(binds.count - 1), $\(binds.count))")
        }
        try await session.executeDeferred(
            """
            INSERT INTO submission_flags (tenant_id, submission_id, code, severity, submitted_at)
            SELECT s.tenant_id, s.id, flag.column1, flag.column2, s.submitted_at
            FROM (VALUES \(rows.joined(separator: ", "))) AS flag
              JOIN submissions s ON s.tenant_id = $1 AND s.id = $2
            WHERE \(Self.noLaterCheck)
            """, binds)
    }

    static func severityRank(_ verdict: Verdict) -> Int64 {
        switch verdict {
        case .green: 0
        case .yellow: 1
        case .red: 2
        }
    }

    func latestCheck(for submissionID: SubmissionID) async throws -> Check? {
        guard
            let row = try await session.first(
                "SELECT * FROM checks WHERE tenant_id = $1 AND submission_id = $2 ORDER BY checked_at DESC, id DESC LIMIT 1",
                id, submissionID.description)
        else { return nil }
        return try Check(row: row, tenantID: tenantID)
    }

    func saveDecision(_ decision: Decision) async throws {
        guard decision.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await session.executeDeferred(
            """
            INSERT INTO decisions (tenant_id, id, submission_id, approver, outcome, decided_at, reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            id, decision.id.description, decision.submissionID.description, decision.approver,
            decision.outcome.rawValue, SQLCoding.millis(decision.decidedAt), decision.reason?.text)
        try await session.executeDeferred(
            """
            UPDATE submissions SET (decision, decided_by_kopi, decided_at) = (
              SELECT d.outcome, CASE WHEN d.approver = $3 THEN 1 ELSE 0 END, d.decided_at FROM decisions d
              WHERE d.tenant_id = $1 AND d.submission_id = $2 ORDER BY d.decided_at DESC, d.id DESC LIMIT 1)
            WHERE tenant_id = $1 AND id = $2
            """,
            id, decision.submissionID.description, Decision.kopiApprover)
    }

    func decisions(for submissionID: SubmissionID) async throws -> [Decision] {
        try await session.query(
            "SELECT * FROM decisions WHERE tenant_id = $1 AND submission_id = $2 ORDER BY decided_at, id",
            id, submissionID.description
        ).map { try Decision(row: $0, tenantID: tenantID) }
    }

    func saveCard(_ card: CardMessage) async throws {
        guard card.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await session.executeDeferred(
            """
            INSERT INTO card_messages (tenant_id, submission_id, approver, message_id, task_id, state, sent_at, reminded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            id, card.submissionID.description, card.approver, card.messageID, card.taskID, card.state.rawValue,
            SQLCoding.millis(card.sentAt), card.remindedAt.map(SQLCoding.millis))
        try await updateFirstCard(of: card.submissionID)
    }

    private func updateFirstCard(of submissionID: SubmissionID) async throws {
        try await session.executeDeferred(
            """
            UPDATE submissions SET first_card_at = (
              SELECT MIN(m.sent_at) FROM card_messages m WHERE m.tenant_id = $1 AND m.submission_id = $2)
            WHERE tenant_id = $1 AND id = $2
            """,
            id, submissionID.description)
    }

    func updateCard(_ card: CardMessage) async throws {
        guard card.tenantID == tenantID else { throw StoreError.tenantMismatch }
        let changed = try await session.execute(
            """
            UPDATE card_messages SET message_id = $4, task_id = $5, state = $6, sent_at = $7, reminded_at = $8
            WHERE tenant_id = $1 AND submission_id = $2 AND approver = $3
            """,
            id, card.submissionID.description, card.approver, card.messageID, card.taskID, card.state.rawValue,
            SQLCoding.millis(card.sentAt), card.remindedAt.map(SQLCoding.millis))
        if changed == 0 { throw StoreError.notFound }
        try await updateFirstCard(of: card.submissionID)
    }

    func cards(for submissionID: SubmissionID) async throws -> [CardMessage] {
        try await session.query(
            "SELECT * FROM card_messages WHERE tenant_id = $1 AND submission_id = $2 ORDER BY sent_at, approver",
            id, submissionID.description
        ).map { try CardMessage(row: $0, tenantID: tenantID) }
    }

    func cardsAwaitingReminder(sentBefore: Date, limit: Int) async throws -> [CardMessage] {
        try await session.query(
            """
            SELECT m.* FROM card_messages m JOIN submissions s ON s.tenant_id = m.tenant_id AND s.id = m.submission_id
            WHERE m.tenant_id = $1 AND m.state = 'open' AND m.reminded_at IS NULL AND m.sent_at < $2
              AND s.status = 'PENDING'
            ORDER BY m.sent_at, m.submission_id, m.approver LIMIT $3
            """, id, SQLCoding.millis(sentBefore), max(0, limit)
        ).map { try CardMessage(row: $0, tenantID: tenantID) }
    }

    func markReminded(submissionID: SubmissionID, approver: String, at time: Date) async throws -> Bool {
        try await session.execute(
            """
            UPDATE card_messages SET reminded_at = $4
            WHERE tenant_id = $1 AND submission_id = $2 AND approver = $3 AND reminded_at IS NULL
            """, id, submissionID.description, approver, SQLCoding.millis(time)) > 0
    }

    func appendAudit(_ entry: AuditEntry) async throws {
        guard entry.tenantID == tenantID else { throw StoreError.tenantMismatch }
        // The workspace's next sequence number. SQLite serialises writers; on Postgres two
        // concurrent appends may draw the same number, and the timeline then falls back to time.
        try await session.executeDeferred(
            """
            INSERT INTO audit_entries (tenant_id, id, submission_id, at, actor, action, detail, seq)
            VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_entries WHERE tenant_id = $1))
            """,
            id, entry.id.description, entry.submissionID?.description, SQLCoding.millis(entry.at), entry.actor,
            entry.action.rawValue, try SQLCoding.json(entry.detail))
    }

    func auditTrail(for submissionID: SubmissionID) async throws -> [AuditEntry] {
        try await session.query(
            "SELECT * FROM audit_entries WHERE tenant_id = $1 AND submission_id = $2 ORDER BY seq, at, id",
            id, submissionID.description
        ).map { try AuditEntry(row: $0, tenantID: tenantID) }
    }
}
