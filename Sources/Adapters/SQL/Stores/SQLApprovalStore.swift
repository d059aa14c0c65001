import Domain
import Foundation
import Ports

struct SQLApprovalStore: ApprovalStore {
    let session: any SQLSession
    let tenantID: TenantID

    var id: String { tenantID.description }

    func saveFlow(_ flow: MonitoredFlow) async throws {
        guard flow.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await session.execute(
            """
            INSERT INTO flows (tenant_id, id, approval_code, name, mapping, subscribed, created_at, archived_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (tenant_id, id) DO UPDATE SET approval_code = excluded.approval_code, name = excluded.name,
              mapping = excluded.mapping, subscribed = excluded.subscribed, archived_at = excluded.archived_at
            """,
            id, flow.id.description, flow.approvalCode, flow.name, try SQLCoding.json(flow.mapping), flow.subscribed,
            SQLCoding.millis(flow.createdAt), flow.archivedAt.map(SQLCoding.millis))
    }

    func flow(_ flowID: FlowID) async throws -> MonitoredFlow? {
        try await session.first("SELECT * FROM flows WHERE tenant_id = $1 AND id = $2", id, flowID.description)
            .map(MonitoredFlow.init(row:))
    }

    func flow(approvalCode: String, includingArchived: Bool) async throws -> MonitoredFlow? {
        try await session.first(
            "SELECT * FROM flows WHERE tenant_id = $1 AND approval_code = $2 AND (archived_at IS NULL OR $3 = 1)", id,
            approvalCode,
            includingArchived
        ).map(MonitoredFlow.init(row:))
    }

    func flows(includingArchived: Bool) async throws -> [MonitoredFlow] {
        try await session.query(
            "SELECT * FROM flows WHERE tenant_id = $1 AND (archived_at IS NULL OR $2 = 1) ORDER BY created_at, id", id,
            includingArchived
        ).map(MonitoredFlow.init(row:))
    }

    func archiveFlow(_ flowID: FlowID, at time: Date) async throws {
        let changed = try await session.execute(
            "UPDATE flows SET archived_at = COALESCE(archived_at, $3) WHERE tenant_id = $1 AND id = $2", id,
            flowID.description,
            SQLCoding.millis(time))
        if changed == 0 { throw StoreError.notFound }
    }

    func purgeHistory(before cutoff: Date) async throws -> HistoryPurge {
        let time = SQLCoding.millis(cutoff)
        return HistoryPurge(
            submissions: try await session.execute(
                "DELETE FROM submissions WHERE tenant_id = $1 AND status <> 'PENDING' AND submitted_at < $2", id, time),
            workspaceAuditEntries: try await session.execute(
                "DELETE FROM audit_entries WHERE tenant_id = $1 AND submission_id IS NULL AND at < $2", id, time))
    }

    func deleteFlow(_ flowID: FlowID) async throws {
        let changed = try await session.execute(
            "DELETE FROM flows WHERE tenant_id = $1 AND id = $2", id, flowID.description)
        if changed == 0 { throw StoreError.notFound }
    }

    func saveSubmission(_ submission: Submission) async throws {
        guard submission.tenantID == tenantID else { throw StoreError.tenantMismatch }
        let total = submission.claimedTotal
        try await session.executeDeferred(
            """
            INSERT INTO submissions (tenant_id, id, flow_id, instance_code, status, category, vendor_key, currency,
              amount_minor, body, submitted_at, updated_at, base_currency, base_minor, applicant)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (tenant_id, id) DO UPDATE SET status = excluded.status, category = excluded.category,
              vendor_key = excluded.vendor_key, currency = excluded.currency, amount_minor = excluded.amount_minor,
              body = excluded.body, updated_at = excluded.updated_at, base_currency = excluded.base_currency,
              base_minor = excluded.base_minor, applicant = excluded.applicant
            """,
            id, submission.id.description, submission.flowID.description, submission.instanceCode,
            submission.status.rawValue, submission.category, submission.vendorKey, total?.currency.code,
            total?.minorUnits, try SQLCoding.json(submission), SQLCoding.millis(submission.submittedAt),
            SQLCoding.millis(submission.updatedAt), submission.baseTotal?.currency.code,
            submission.baseTotal?.minorUnits, submission.applicant)
    }

    func submission(_ submissionID: SubmissionID) async throws -> Submission? {
        try await session.first(
            "SELECT body FROM submissions WHERE tenant_id = $1 AND id = $2", id, submissionID.description
        )
        .map(decodeSubmission)
    }

    func submission(instanceCode: String) async throws -> Submission? {
        try await session.first(
            "SELECT body FROM submissions WHERE tenant_id = $1 AND instance_code = $2", id, instanceCode
        ).map(decodeSubmission)
    }

    func submissions(_ query: SubmissionQuery) async throws -> [Submission] {
        var conditions = ["tenant_id = $1"]
        var binds: [SQLValue] = [.text(id)]
        func add(_ condition: String, _ value: SQLValue) {
            binds.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "$\(binds.count)"))
        }
        if let status = query.status { add("status = ?", .text(status.rawValue)) }
        if let verdict = query.verdict { add("verdict = ?", .text(verdict.rawValue)) }
        if let flowID = query.flowID { add("flow_id = ?", .text(flowID.description)) }
        if let vendorKey = query.vendorKey { add("vendor_key = ?", .text(vendorKey)) }
        if let applicant = query.applicant { add("applicant = ?", .text(applicant)) }
        if let from = query.submittedFrom { add("submitted_at >= ?", .integer(SQLCoding.millis(from))) }
        if let before = query.submittedBefore { add("submitted_at < ?", .integer(SQLCoding.millis(before))) }
        if let total = query.claimedTotal {
            add("currency = ?", .text(total.currency.code))
            add("amount_minor >= ?", .integer(total.minorUnits.lowerBound))
            add("amount_minor <= ?", .integer(total.minorUnits.upperBound))
        }
        if let after = query.after {
            binds += [.integer(SQLCoding.millis(after.submittedAt)), .text(after.id.description)]
            let (time, id) = ("$\(binds.count - 1)", "$\(binds.count)")
            conditions.append("(submitted_at < \(time) OR (submitted_at = \(time) AND id < \(id)))")
        }
        binds.append(.integer(Int64(query.limit)))
        binds.append(.integer(Int64(query.offset)))
        let sql = """
            SELECT body FROM submissions WHERE \(conditions.joined(separator: " AND "))
            ORDER BY submitted_at DESC, id DESC LIMIT $\(binds.count - 1) OFFSET $\(binds.count)
            """
        return try await session.query(sql, binds).map(decodeSubmission)
    }

    func amountHistory(
        category: String?, vendorKey: String?, currency: CurrencyCode, excluding: SubmissionID?, limit: Int
    )
        async throws -> [Int64]
    {
        let column = category != nil ? "category" : "vendor_key"
        guard let value = category ?? vendorKey else { return [] }
        return try await session.query(
            """
            SELECT CASE WHEN base_currency = $2 THEN base_minor ELSE amount_minor END AS amount FROM submissions
            WHERE tenant_id = $1 AND \(column) = $3 AND id <> $5
              AND ((base_currency = $2 AND base_minor IS NOT NULL)
                OR (base_currency IS NULL AND currency = $2 AND amount_minor IS NOT NULL))
            ORDER BY submitted_at DESC LIMIT $4
            """, id, currency.code, value, limit, (excluding ?? SubmissionID(UUID())).description
        ).map { try $0.integer("amount") }
    }

    private func decodeSubmission(_ row: SQLRow) throws -> Submission {
        try SQLCoding.decode(Submission.self, from: try row.text("body"))
    }
}

extension MonitoredFlow {
    init(row: SQLRow) throws {
        guard let id = FlowID(try row.text("id")), let tenant = TenantID(try row.text("tenant_id")) else {
            throw StoreError.corrupt(what: "flow")
        }
        self.init(
            id: id, tenantID: tenant, approvalCode: try row.text("approval_code"), name: try row.text("name"),
            mapping: try SQLCoding.decode(FormFieldMapping.self, from: try row.text("mapping")),
            subscribed: try row.integer("subscribed") != 0, createdAt: SQLCoding.date(try row.integer("created_at")),
            archivedAt: try row.optionalInteger("archived_at").map(SQLCoding.date))
    }
}
