import Domain
import Foundation
import Ports

struct SQLPatternMemory: PatternMemory {
    let session: any SQLSession
    let tenantID: TenantID

    private var id: String { tenantID.description }

    func save(_ pattern: LearnedPattern) async throws {
        guard pattern.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await session.executeDeferred(
            """
            INSERT INTO patterns (tenant_id, id, vendor_key, category, currency, lower_bound, upper_bound, approvals,
              rejections, last_decided_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (tenant_id, id) DO UPDATE SET vendor_key = excluded.vendor_key, category = excluded.category,
              currency = excluded.currency, lower_bound = excluded.lower_bound, upper_bound = excluded.upper_bound,
              approvals = excluded.approvals, rejections = excluded.rejections, last_decided_at = excluded.last_decided_at
            """,
            id, pattern.id.description, pattern.vendorKey, pattern.category, pattern.currency.code, pattern.lowerBound,
            pattern.upperBound, pattern.approvals, pattern.rejections, SQLCoding.millis(pattern.lastDecidedAt))
    }

    func pattern(_ patternID: PatternID) async throws -> LearnedPattern? {
        try await session.first("SELECT * FROM patterns WHERE tenant_id = $1 AND id = $2", id, patternID.description)
            .map(LearnedPattern.init(row:))
    }

    func pattern(vendorKey: String, category: String, currency: CurrencyCode) async throws -> LearnedPattern? {
        try await session.first(
            "SELECT * FROM patterns WHERE tenant_id = $1 AND vendor_key = $2 AND category = $3 AND currency = $4",
            id, vendorKey, category, currency.code
        ).map(LearnedPattern.init(row:))
    }

    func patterns(vendorKey: String) async throws -> [LearnedPattern] {
        try await session.query(
            "SELECT * FROM patterns WHERE tenant_id = $1 AND vendor_key = $2 ORDER BY category, currency", id, vendorKey
        ).map(LearnedPattern.init(row:))
    }

    func list(limit: Int, offset: Int) async throws -> [LearnedPattern] {
        try await session.query(
            "SELECT * FROM patterns WHERE tenant_id = $1 ORDER BY last_decided_at DESC, id LIMIT $2 OFFSET $3",
            id, max(0, limit), max(0, offset)
        ).map(LearnedPattern.init(row:))
    }

    func delete(_ patternID: PatternID) async throws {
        let changed = try await session.execute(
            "DELETE FROM patterns WHERE tenant_id = $1 AND id = $2", id, patternID.description)
        if changed == 0 { throw StoreError.notFound }
    }
}

extension LearnedPattern {
    init(row: SQLRow) throws {
        guard let id = PatternID(try row.text("id")), let tenant = TenantID(try row.text("tenant_id")),
            let currency = CurrencyCode(try row.text("currency"))
        else { throw StoreError.corrupt(what: "pattern") }
        self.init(
            id: id, tenantID: tenant, vendorKey: try row.text("vendor_key"), category: try row.text("category"),
            currency: currency, lowerBound: try row.integer("lower_bound"), upperBound: try row.integer("upper_bound"),
            approvals: Int(try row.integer("approvals")), rejections: Int(try row.integer("rejections")),
            lastDecidedAt: SQLCoding.date(try row.integer("last_decided_at")))
    }
}
