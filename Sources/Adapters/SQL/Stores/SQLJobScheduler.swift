import Domain
import Foundation
import Ports

struct SQLJobScheduler: JobScheduler {
    let session: any SQLSession
    let tenantID: TenantID

    func enqueue(_ job: Job) async throws -> Bool {
        guard job.tenantID == tenantID else { throw StoreError.tenantMismatch }
        let inserted = try await session.query(
            """
            INSERT INTO jobs (id, tenant_id, kind, subject, state, attempts, max_attempts, run_at, created_at)
            VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6, $7)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            job.id.description, tenantID.description, job.kind.rawValue, job.subject, job.maxAttempts,
            SQLCoding.millis(job.runAt), SQLCoding.millis(job.createdAt))
        return !inserted.isEmpty
    }

    /// One statement for the batch; of two jobs of one kind and subject only the first is stored.
    func enqueue(_ jobs: [Job]) async throws -> Set<JobID> {
        guard jobs.allSatisfy({ $0.tenantID == tenantID }) else { throw StoreError.tenantMismatch }
        var waiting: Set<String> = []
        // In key order, so concurrent batches take their unique-key locks in one order and never deadlock.
        let distinct = jobs.filter { waiting.insert("\($0.kind.rawValue) \($0.subject)").inserted }
            .sorted { ($0.kind.rawValue, $0.subject) < ($1.kind.rawValue, $1.subject) }
        guard !distinct.isEmpty else { return [] }
        var binds: [SQLValue] = [.text(tenantID.description)]
        var rows: [String] = []
        for job in distinct {
            let first = binds.count + 1
            binds += [
                .text(job.id.description), .text(job.kind.rawValue), .text(job.subject),
                .integer(Int64(job.maxAttempts)), .integer(SQLCoding.millis(job.runAt)),
                .integer(SQLCoding.millis(job.createdAt)),
            ]
            let (id, kind, subject, attempts, runAt, createdAt) = (
                first, first + 1, first + 2, first + 3, first + 4, first + 5
            )
            rows.append("($\(id), $1, $\(kind), $\(subject), 'queued', 0, $\(attempts), $\(runAt), $\(createdAt))")
        }
        let inserted = try await session.query(
            """
            INSERT INTO jobs (id, tenant_id, kind, subject, state, attempts, max_attempts, run_at, created_at)
            VALUES \(rows.joined(separator: ", "))
            ON CONFLICT DO NOTHING
            RETURNING id
            """, binds)
        return Set(
            try inserted.map { row in
                guard let id = JobID(try row.text("id")) else { throw StoreError.corrupt(what: "job id") }
                return id
            })
    }

    func job(_ id: JobID) async throws -> Job? {
        try await session.first(
            "SELECT * FROM jobs WHERE tenant_id = $1 AND id = $2", tenantID.description, id.description
        ).map(Job.init(row:))
    }

    func jobs(in state: Job.State, limit: Int) async throws -> [Job] {
        try await session.query(
            "SELECT * FROM jobs WHERE tenant_id = $1 AND state = $2 ORDER BY created_at DESC, id LIMIT $3",
            tenantID.description, state.rawValue, max(0, limit)
        ).map(Job.init(row:))
    }
}

extension Job {
    init(row: SQLRow) throws {
        guard let id = JobID(try row.text("id")), let tenant = TenantID(try row.text("tenant_id")),
            let kind = Kind(rawValue: try row.text("kind")), let state = State(rawValue: try row.text("state"))
        else { throw StoreError.corrupt(what: "job") }
        self.init(
            id: id, tenantID: tenant, kind: kind, subject: try row.text("subject"), state: state,
            attempts: Int(try row.integer("attempts")), maxAttempts: Int(try row.integer("max_attempts")),
            runAt: SQLCoding.date(try row.integer("run_at")), leaseOwner: try row.optionalText("lease_owner"),
            leaseExpiresAt: try row.optionalInteger("lease_expires_at").map(SQLCoding.date),
            lastError: try row.optionalText("last_error"), createdAt: SQLCoding.date(try row.integer("created_at")))
    }
}
