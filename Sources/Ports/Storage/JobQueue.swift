public import Domain
public import Foundation

/// Claiming and settling jobs across tenants, for workers. At-least-once: a job whose worker dies
/// is claimed again once its lease expires, so every step must be idempotent.
public protocol JobQueue: Sendable {
    /// Claims the oldest due job: queued with `runAt <= now`, or running with an expired lease.
    /// The claim increments `attempts` and leases the job to `worker` until `now + lease`.
    /// No two concurrent claimers ever get the same job while its lease holds.
    func claim(worker: String, lease: Duration, now: Date) async throws -> Job?
    /// Extends `worker`'s lease on a running job to `now + lease`, for a job that runs long.
    /// Throws ``StoreError/conflict`` when `worker` no longer holds the lease.
    func renew(_ id: JobID, worker: String, lease: Duration, now: Date) async throws
    /// Marks the job done. Throws ``StoreError/conflict`` when `worker` no longer holds the lease.
    func complete(_ id: JobID, worker: String, now: Date) async throws
    /// Marks the job done and, in the same transaction, claims the next job for `worker` as
    /// ``claim(worker:lease:now:)`` does: a worker going from one job to the next writes once
    /// instead of twice, and finding the queue empty costs it no transaction of its own. Throws
    /// ``StoreError/conflict``, claiming nothing, when `worker` no longer holds the lease.
    func complete(_ id: JobID, worker: String, now: Date, claimingNext lease: Duration) async throws -> Job?
    /// Records a failure: queued again at `retryAt`, or dead when `attempts` reached `maxAttempts`
    /// (or `retryAt` is nil), or done when a job of the same kind and subject is already waiting
    /// (that run does the work). Returns the new state. Throws ``StoreError/conflict`` when `worker`
    /// no longer holds the lease.
    func fail(_ id: JobID, worker: String, errorCode: String, retryAt: Date?, now: Date) async throws -> Job.State
    /// Counts of jobs by kind and state, across tenants (for metrics); absent pairs have none.
    func countsByKind() async throws -> [Job.Kind: [Job.State: Int]]
    /// Deletes done jobs that finished before `cutoff`, across tenants; returns how many. Queued,
    /// running and dead jobs are kept whatever their age.
    func purge(finishedBefore cutoff: Date) async throws -> Int

    /// Dead letters across tenants, the most recently dead first. A dead job's `runAt` is when its
    /// last attempt failed and `lastError` that attempt's stable error code.
    func deadJobs(limit: Int) async throws -> [Job]
    /// Queues a dead job again at `now`, keeping its history (id, attempts so far, last error) and
    /// granting it `attempts` more. Throws ``StoreError/notFound`` unless the job is dead, and
    /// ``StoreError/conflict`` while a run of the same kind and subject is already waiting.
    func retry(_ id: JobID, attempts: Int, now: Date) async throws -> Job
    /// Deletes a dead job. Throws ``StoreError/notFound`` unless the job is dead.
    func discard(_ id: JobID) async throws
}

extension JobQueue {
    /// Counts of jobs by state, across tenants.
    public func counts() async throws -> [Job.State: Int] {
        try await countsByKind().values.reduce(into: [:]) { counts, states in
            counts.merge(states, uniquingKeysWith: +)
        }
    }
}
