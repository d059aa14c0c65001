import Domain
import Foundation
import Ports

struct InMemoryJobQueue: JobQueue {
    let database: InMemoryDatabase

    func claim(worker: String, lease: Duration, now: Date) async throws -> Job? {
        try await database.transaction {
            await database.write { tables in Self.claimNext(in: &tables, worker: worker, lease: lease, now: now) }
        }
    }

    /// The claim itself, on tables already being written.
    private static func claimNext(in tables: inout InMemoryTables, worker: String, lease: Duration, now: Date) -> Job? {
        let leaseSeconds = lease.timeInterval
        // A subject's queued run waits while another run of it holds the subject.
        let busy = Set(
            tables.jobs.values.filter { $0.state == .running }.map {
                SubjectKey(tenant: $0.tenantID, subject: $0.subject)
            })
        let due = tables.jobs.values.filter { job in
            (job.state == .running
                || (job.state == .queued
                    && !busy.contains(SubjectKey(tenant: job.tenantID, subject: job.subject))))
                && job.runAt <= now
        }
        // Fair across workspaces, as on SQL: fewest running first, then the longest waiting.
        let running = Dictionary(
            grouping: tables.jobs.values.filter { $0.state == .running && $0.runAt > now }, by: \.tenantID
        ).mapValues(\.count)
        guard
            var job = due.min(by: {
                (running[$0.tenantID] ?? 0, $0.runAt, $0.createdAt)
                    < (running[$1.tenantID] ?? 0, $1.runAt, $1.createdAt)
            })
        else { return nil }
        job.state = .running
        job.attempts += 1
        job.leaseOwner = worker
        job.leaseExpiresAt = now.addingTimeInterval(leaseSeconds)
        job.runAt = now.addingTimeInterval(leaseSeconds)
        tables.jobs[job.id] = job
        return job
    }

    func renew(_ id: JobID, worker: String, lease: Duration, now: Date) async throws {
        try await database.transaction {
            try await database.write { tables in
                guard var job = tables.jobs[id], job.state == .running, job.leaseOwner == worker else {
                    throw StoreError.conflict
                }
                let expiry = now.addingTimeInterval(lease.timeInterval)
                job.leaseExpiresAt = expiry
                job.runAt = expiry
                tables.jobs[id] = job
            }
        }
    }

    func complete(_ id: JobID, worker: String, now: Date) async throws {
        try await database.transaction {
            try await database.write { tables in try Self.markDone(id, in: &tables, worker: worker, now: now) }
        }
    }

    func complete(_ id: JobID, worker: String, now: Date, claimingNext lease: Duration) async throws -> Job? {
        try await database.transaction {
            try await database.write { tables in
                try Self.markDone(id, in: &tables, worker: worker, now: now)
                return Self.claimNext(in: &tables, worker: worker, lease: lease, now: now)
            }
        }
    }

    private static func markDone(_ id: JobID, in tables: inout InMemoryTables, worker: String, now: Date) throws {
        guard var job = tables.jobs[id], job.state == .running, job.leaseOwner == worker else {
            throw StoreError.conflict
        }
        job.state = .done
        job.leaseOwner = nil
        job.leaseExpiresAt = nil
        job.runAt = now
        tables.jobs[id] = job
    }

    func fail(_ id: JobID, worker: String, errorCode: String, retryAt: Date?, now: Date) async throws -> Job.State {
        try await database.transaction {
            try await database.write { tables in
                guard var job = tables.jobs[id], job.state == .running, job.leaseOwner == worker else {
                    throw StoreError.conflict
                }
                let superseded = tables.jobs.values.contains {
                    $0.id != id && $0.tenantID == job.tenantID && $0.kind == job.kind && $0.subject == job.subject
                        && $0.state == .queued
                }
                job.state = retryAt == nil || job.attempts >= job.maxAttempts ? .dead : superseded ? .done : .queued
                job.runAt = job.state == .dead ? now : retryAt ?? now
                job.lastError = errorCode
                job.leaseOwner = nil
                job.leaseExpiresAt = nil
                tables.jobs[id] = job
                return job.state
            }
        }
    }

    func countsByKind() async throws -> [Job.Kind: [Job.State: Int]] {
        await database.read { tables in
            tables.jobs.values.reduce(into: [:]) { counts, job in
                counts[job.kind, default: [:]][job.state, default: 0] += 1
            }
        }
    }

    func purge(finishedBefore cutoff: Date) async throws -> Int {
        try await database.transaction {
            await database.write { tables in
                let finished = tables.jobs.values.filter { $0.state == .done && $0.runAt < cutoff }.map(\.id)
                for id in finished { tables.jobs[id] = nil }
                return finished.count
            }
        }
    }

    func deadJobs(limit: Int) async throws -> [Job] {
        await database.read { tables in
            Array(
                tables.jobs.values.filter { $0.state == .dead }
                    .sorted { ($0.runAt, $1.id.description) > ($1.runAt, $0.id.description) }
                    .prefix(max(0, limit)))
        }
    }

    func retry(_ id: JobID, attempts: Int, now: Date) async throws -> Job {
        try await database.transaction {
            try await database.write { tables in
                guard let job = tables.jobs[id], job.state == .dead else { throw StoreError.notFound }
                let waiting = tables.jobs.values.contains {
                    $0.tenantID == job.tenantID && $0.kind == job.kind && $0.subject == job.subject
                        && $0.state == .queued
                }
                if waiting { throw StoreError.conflict }
                let retried = Job(
                    id: job.id, tenantID: job.tenantID, kind: job.kind, subject: job.subject, state: .queued,
                    attempts: job.attempts, maxAttempts: job.attempts + max(1, attempts), runAt: now,
                    lastError: job.lastError, createdAt: job.createdAt)
                tables.jobs[id] = retried
                return retried
            }
        }
    }

    func discard(_ id: JobID) async throws {
        try await database.transaction {
            try await database.write { tables in
                guard tables.jobs[id]?.state == .dead else { throw StoreError.notFound }
                tables.jobs[id] = nil
            }
        }
    }
}

/// A workspace's job subject (an instance code, a tap id): at most one of its runs at a time.
private struct SubjectKey: Hashable {
    let tenant: TenantID
    let subject: String
}
