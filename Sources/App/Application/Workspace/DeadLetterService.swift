public import Domain
import Foundation
public import Ports

/// A workspace's dead letters: jobs that failed for good, for its admins to see with their stable
/// error code and the time of the last attempt, and to retry (the same job, its history kept, with
/// new attempts) or discard. Both are audited. Another workspace's job is not found.
public struct DeadLetterService: Sendable {
    let storage: any Storage
    let runtime: Runtime
    /// Attempts a retried job is granted.
    public var attempts = 3

    public init(storage: any Storage, runtime: Runtime) {
        self.storage = storage
        self.runtime = runtime
    }

    public func list(_ caller: Caller, limit: Int = 50) async throws -> [Job] {
        try caller.require(.admin)
        return try await storage.withTenant(caller.tenantID) { try await $0.scheduler.jobs(in: .dead, limit: limit) }
    }

    @discardableResult
    public func retry(_ id: JobID, caller: Caller) async throws -> Job {
        try await owned(id, caller: caller)
        let job = try await mapped { try await storage.jobs.retry(id, attempts: attempts, now: runtime.clock.now()) }
        try await audit(.jobRetried, job: job, caller: caller)
        return job
    }

    public func discard(_ id: JobID, caller: Caller) async throws {
        let job = try await owned(id, caller: caller)
        try await mapped { try await storage.jobs.discard(id) }
        try await audit(.jobDiscarded, job: job, caller: caller)
    }

    /// The caller's workspace's dead job, or not found.
    @discardableResult
    private func owned(_ id: JobID, caller: Caller) async throws -> Job {
        try caller.require(.admin)
        let job = try await storage.withTenant(caller.tenantID) { try await $0.scheduler.job(id) }
        guard let job, job.state == .dead else { throw ApplicationError.notFound }
        return job
    }

    private func mapped<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch StoreError.notFound {
            throw ApplicationError.notFound
        } catch StoreError.conflict {
            throw ApplicationError(
                .conflict, code: "job_waiting", message: "A run of the same job is already waiting; discard this one.")
        }
    }

    private func audit(_ action: AuditEntry.Action, job: Job, caller: Caller) async throws {
        try await storage.withTenant(caller.tenantID) { [runtime] scope in
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil,
                    at: runtime.clock.now(), actor: caller.user.email.value, action: action,
                    detail: ["job_id": job.id.description, "kind": job.kind.rawValue, "error": job.lastError ?? "-"]))
        }
    }
}
