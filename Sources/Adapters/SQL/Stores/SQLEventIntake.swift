import Domain
import Foundation
import Ports

/// Postgres's ``TenantScope/record(_:jobs:)``: the inbox insert and the jobs of the events it
/// stored in one statement, so a batch of pushes costs one round trip and its COMMIT instead
/// of two and its COMMIT. The jobs go in through a data-modifying CTE joined to the inbox
/// insert's `RETURNING`, so only an event stored now enqueues its job; of two jobs of one kind
/// and subject the one of the earlier event is kept, and they are inserted in (kind, subject)
/// byte order, as ``SQLJobScheduler`` inserts a batch, so concurrent batches take the unique
/// keys' locks in one order.
struct SQLEventIntake {
    let session: any SQLSession
    let tenantID: TenantID

    func record(_ events: [InboxEvent], jobs: [String: Job]) async throws -> RecordedEvents {
        guard events.allSatisfy({ $0.tenantID == tenantID }), jobs.values.allSatisfy({ $0.tenantID == tenantID })
        else { throw StoreError.tenantMismatch }
        let distinct = SQLEventInbox.distinctInKeyOrder(events)
        guard !distinct.isEmpty else { return RecordedEvents(stored: [], enqueued: []) }
        var binds: [SQLValue] = [.text(tenantID.description)]
        let insertEvents = SQLEventInbox.insertStatement(distinct, binds: &binds)
        // One candidate per id, at its first event's position: the earlier event's job is kept.
        var seen: Set<String> = []
        var candidates: [String] = []
        for (position, event) in events.enumerated() where seen.insert(event.eventID).inserted {
            guard let job = jobs[event.eventID] else { continue }
            let first = binds.count + 1
            binds += [
                .integer(Int64(position)), .text(event.eventID), .text(job.id.description), .text(job.kind.rawValue),
                .text(job.subject), .integer(Int64(job.maxAttempts)), .integer(SQLCoding.millis(job.runAt)),
                .integer(SQLCoding.millis(job.createdAt)),
            ]
            candidates.append("(" + (first..<first + 8).map { "$\($0)" }.joined(separator: ", ") + ")")
        }
        guard !candidates.isEmpty else {
            let stored = try await session.query(insertEvents, binds)
            return RecordedEvents(stored: Set(try stored.map { try $0.text("event_id") }), enqueued: [])
        }
        let rows = try await session.query(
            """
            WITH stored AS (
            \(insertEvents)
            ), enqueued AS (
              INSERT INTO jobs (id, tenant_id, kind, subject, state, attempts, max_attempts, run_at, created_at)
              SELECT DISTINCT ON (candidate.kind COLLATE "C", candidate.subject COLLATE "C")
                candidate.id::uuid, $1::uuid, candidate.kind, candidate.subject, 'queued', 0, candidate.max_attempts,
                candidate.run_at, candidate.created_at
              FROM (VALUES \(candidates.joined(separator: ", ")))
                AS candidate(position, event_id, id, kind, subject, max_attempts, run_at, created_at)
              JOIN stored ON stored.event_id = candidate.event_id
              ORDER BY candidate.kind COLLATE "C", candidate.subject COLLATE "C", candidate.position
              ON CONFLICT DO NOTHING
              RETURNING id
            )
            SELECT event_id, NULL AS job_id FROM stored
            UNION ALL SELECT NULL, id::text FROM enqueued
            """, binds)
        var recorded = RecordedEvents(stored: [], enqueued: [])
        for row in rows {
            if let eventID = try row.optionalText("event_id") { recorded.stored.insert(eventID) }
            if let text = try row.optionalText("job_id") {
                guard let id = JobID(text) else { throw StoreError.corrupt(what: "job id") }
                recorded.enqueued.insert(id)
            }
        }
        return recorded
    }
}
