import Domain
import Foundation
import Ports

struct SQLJobQueue: JobQueue {
    let database: any SQLDatabase

    /// Claims fairly across workspaces: the due job is taken from the workspace with the fewest
    /// jobs running now (then the one waiting longest), oldest first within it, so one
    /// workspace's backlog never holds another's job behind it. If that job is being taken by
    /// a concurrent claimer (Postgres), the oldest due job of any workspace is taken instead.
    ///
    /// A subject (an instance, a tap) runs one job at a time: a queued run waits while another
    /// run of the same subject is running, whatever its kind.
    func claim(worker: String, lease: Duration, now: Date) async throws -> Job? {
        try await database.transaction { session in
            try await claim(worker: worker, lease: lease, now: now, in: session)
        }
    }

    /// On Postgres two claimers racing for one subject meet the `jobs_running` unique index: the
    /// failed statement alone is undone (``SQLSession`` writes run under a savepoint), so the
    /// loser claims again in the same transaction.
    private func claim(worker: String, lease: Duration, now: Date, in session: any SQLSession) async throws -> Job? {
        for _ in 0..<3 {
            do {
                return try await claimOnce(worker: worker, lease: lease, now: now, in: session)
            } catch StoreError.duplicate {
                continue
            }
        }
        return nil
    }

    /// A due job that may run now: a running one whose lease lapsed, or a queued one whose
    /// subject no other job is running.
    private static func mayRun(_ alias: String) -> String {
        """
        \(alias).state IN ('queued', 'running') AND \(alias).run_at <= $3 AND NOT (\(alias).state = 'queued' AND EXISTS (
          SELECT 1 FROM jobs AS other WHERE other.tenant_id = \(alias).tenant_id AND other.subject = \(alias).subject
          AND other.state = 'running'))
        """
    }

    /// The workspace whose due job is taken next: of the workspaces with jobs (found by seeking
    /// `jobs_by_tenant_due` from one to the next, a loose index scan), the one with the fewest jobs running, then
    /// the one whose first due job waited longest. Each workspace costs a few index seeks, so a
    /// claim does not grow with the backlog.
    private static let fairTenant = """
        WITH RECURSIVE queued(tenant_id) AS (
          SELECT (SELECT head.tenant_id FROM jobs AS head WHERE head.state IN ('queued', 'running')
                  ORDER BY head.tenant_id LIMIT 1)
          UNION ALL
          SELECT (SELECT next.tenant_id FROM jobs AS next
                  WHERE next.state IN ('queued', 'running') AND next.tenant_id > queued.tenant_id
                  ORDER BY next.tenant_id LIMIT 1)
          FROM queued WHERE queued.tenant_id IS NOT NULL)
        SELECT candidate.tenant_id FROM (
          SELECT queued.tenant_id,
            (SELECT due.run_at FROM jobs AS due WHERE due.tenant_id = queued.tenant_id AND \(mayRun("due"))
             ORDER BY due.run_at LIMIT 1) AS first_due,
            (SELECT count(*) FROM jobs AS busy
             WHERE busy.tenant_id = queued.tenant_id AND busy.state = 'running' AND busy.run_at > $3) AS running
          FROM queued WHERE queued.tenant_id IS NOT NULL) AS candidate
        WHERE candidate.first_due IS NOT NULL
        ORDER BY candidate.running, candidate.first_due LIMIT 1
        """

    /// The fair workspace's oldest due job. On Postgres, if a concurrent claimer is taking it
    /// (SKIP LOCKED passes over it), the oldest due job of any workspace, in the same statement:
    /// COALESCE runs the second subquery only when the first found nothing.
    private static let claimSQL = (
        sqlite: """
        UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $1, lease_expires_at = $2,
          run_at = $2
        WHERE id = (
          SELECT id FROM jobs WHERE \(mayRun("jobs")) AND tenant_id = (\(fairTenant))
          ORDER BY run_at, created_at LIMIT 1)
        RETURNING *
        """,
        postgres: """
        UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $1, lease_expires_at = $2,
          run_at = $2
        WHERE id = COALESCE(
          (SELECT id FROM jobs WHERE \(mayRun("jobs")) AND tenant_id = (\(fairTenant))
           ORDER BY run_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED),
          (SELECT id FROM jobs WHERE \(mayRun("jobs"))
           ORDER BY run_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED))
        RETURNING *
        """
    )

    private func claimOnce(worker: String, lease: Duration, now: Date, in session: any SQLSession) async throws -> Job?
    {
        let nowMillis = SQLCoding.millis(now)
        // SQLite's single writer serialises claims, so its subquery is already exclusive.
        let sql = database.dialect == .postgres ? Self.claimSQL.postgres : Self.claimSQL.sqlite
        return try await session.first(sql, worker, nowMillis + lease.milliseconds, nowMillis).map(Job.init(row:))
    }

    func renew(_ id: JobID, worker: String, lease: Duration, now: Date) async throws {
        let expiry = SQLCoding.millis(now) + lease.milliseconds
        let changed = try await database.transaction { session in
            try await session.execute(
                """
                UPDATE jobs SET lease_expires_at = $3, run_at = $3
                WHERE id = $1 AND lease_owner = $2 AND state = 'running'
                """, id.description, worker, expiry)
        }
        if changed == 0 { throw StoreError.conflict }
    }

    func complete(_ id: JobID, worker: String, now: Date) async throws {
        try await database.transaction { session in try await markDone(id, worker: worker, now: now, in: session) }
    }

    func complete(_ id: JobID, worker: String, now: Date, claimingNext lease: Duration) async throws -> Job? {
        try await database.transaction { session in
            try await markDone(id, worker: worker, now: now, in: session)
            return try await claim(worker: worker, lease: lease, now: now, in: session)
        }
    }

    private func markDone(_ id: JobID, worker: String, now: Date, in session: any SQLSession) async throws {
        let changed = try await session.execute(
            """
            UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, run_at = $3
            WHERE id = $1 AND lease_owner = $2 AND state = 'running'
            """, id.description, worker, SQLCoding.millis(now))
        if changed == 0 { throw StoreError.conflict }
    }

    func fail(_ id: JobID, worker: String, errorCode: String, retryAt: Date?, now: Date) async throws -> Job.State {
        let giveUp = retryAt == nil
        let row = try await database.transaction { session in
            try await session.first(
                """
                UPDATE jobs SET
                  state = CASE WHEN $3 = 1 OR attempts >= max_attempts THEN 'dead'
                    WHEN EXISTS (SELECT 1 FROM jobs w WHERE w.tenant_id = jobs.tenant_id AND w.kind = jobs.kind
                                 AND w.subject = jobs.subject AND w.state = 'queued') THEN 'done'
                    ELSE 'queued' END,
                  run_at = CASE WHEN $3 = 1 OR attempts >= max_attempts THEN $6 ELSE $4 END,
                  last_error = $5, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = $1 AND lease_owner = $2 AND state = 'running'
                RETURNING state
                """, id.description, worker, giveUp, SQLCoding.millis(retryAt ?? now), errorCode, SQLCoding.millis(now))
        }
        guard let row else { throw StoreError.conflict }
        guard let state = Job.State(rawValue: try row.text("state")) else {
            throw StoreError.corrupt(what: "job state")
        }
        return state
    }

    func countsByKind() async throws -> [Job.Kind: [Job.State: Int]] {
        try await database.transaction { session in
            var counts: [Job.Kind: [Job.State: Int]] = [:]
            for row in try await session.query("SELECT kind, state, COUNT(*) AS n FROM jobs GROUP BY kind, state", []) {
                guard let kind = Job.Kind(rawValue: try row.text("kind")),
                    let state = Job.State(rawValue: try row.text("state"))
                else { throw StoreError.corrupt(what: "job kind or state") }
                counts[kind, default: [:]][state] = Int(try row.integer("n"))
            }
            return counts
        }
    }

    func purge(finishedBefore cutoff: Date) async throws -> Int {
        try await database.transaction { session in
            try await session.execute(
                "DELETE FROM jobs WHERE state = 'done' AND run_at < $1", SQLCoding.millis(cutoff))
        }
    }

    func deadJobs(limit: Int) async throws -> [Job] {
        try await database.transaction { session in
            try await session.query(
                "SELECT * FROM jobs WHERE state = 'dead' ORDER BY run_at DESC, id LIMIT $1", max(0, limit)
            ).map(Job.init(row:))
        }
    }

    func retry(_ id: JobID, attempts: Int, now: Date) async throws -> Job {
        // The waiting-job index refuses a second queued run of the same subject.
        let row = try await Self.conflictOnDuplicate {
            try await database.transaction { session in
                try await session.first(
                    """
                    UPDATE jobs SET state = 'queued', run_at = $2, max_attempts = attempts + $3
                    WHERE id = $1 AND state = 'dead'
                    RETURNING *
                    """, id.description, SQLCoding.millis(now), max(1, attempts))
            }
        }
        guard let row else { throw StoreError.notFound }
        return try Job(row: row)
    }

    func discard(_ id: JobID) async throws {
        let deleted = try await database.transaction { session in
            try await session.execute("DELETE FROM jobs WHERE id = $1 AND state = 'dead'", id.description)
        }
        if deleted == 0 { throw StoreError.notFound }
    }

    private static func conflictOnDuplicate<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch StoreError.duplicate {
            throw StoreError.conflict
        }
    }
}
