import Domain
import Ports

struct InMemoryJobScheduler: JobScheduler {
    let database: InMemoryDatabase
    let tenantID: TenantID

    func enqueue(_ job: Job) async throws -> Bool {
        guard job.tenantID == tenantID else { throw StoreError.tenantMismatch }
        return try await database.write { [tenantID] tables in
            guard tables.tenants[tenantID] != nil else { throw StoreError.invalidReference }
            let waiting = tables.jobs.values.contains {
                $0.tenantID == job.tenantID && $0.kind == job.kind && $0.subject == job.subject && $0.state == .queued
            }
            guard !waiting, tables.jobs[job.id] == nil else { return false }
            tables.jobs[job.id] = Job(
                id: job.id, tenantID: job.tenantID, kind: job.kind, subject: job.subject, state: .queued,
                attempts: 0, maxAttempts: job.maxAttempts, runAt: job.runAt, createdAt: job.createdAt)
            return true
        }
    }

    func job(_ id: JobID) async throws -> Job? {
        await database.read { [tenantID] in $0.jobs[id].flatMap { $0.tenantID == tenantID ? $0 : nil } }
    }

    func jobs(in state: Job.State, limit: Int) async throws -> [Job] {
        await database.read { [tenantID] tables in
            tables.jobs.values.filter { $0.tenantID == tenantID && $0.state == state }
                .sorted { ($0.createdAt, $1.id) > ($1.createdAt, $0.id) }
                .prefix(max(0, limit)).map { $0 }
        }
    }
}
