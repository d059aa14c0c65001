public import Domain
import Foundation
import Logging
public import Ports

/// Drains the durable job queue while `kopi serve` runs. Several workers (in one process or
/// several, sharing Postgres) may run at once: a job is leased to one of them at a time, and a
/// crashed worker's job is claimed again when its lease expires. An idle worker sleeps until the
/// ``JobBell`` rings (a job enqueued in this process) or the backstop interval passes (a job
/// that came due, or one enqueued by another process).
public struct Worker: Sendable, CustomStringConvertible {
    public let jobs: any JobQueue
    let runtime: Runtime
    public let processor: SubmissionProcessor
    public let cardActions: CardActionProcessor
    public let bell: JobBell
    public let name: String
    public var lease: Duration = .seconds(120)
    public var backstop: Duration = .seconds(1)
    public var retry = RetryPolicy(base: 5, cap: 3600)
    /// Where the worker's jobs run: the storage's transaction thread when it has one (SQLite's),
    /// so a job's transactions are plain calls there instead of a hop there and back each.
    public var executor: (any TaskExecutor)? = nil

    public var description: String { "Worker(\(name))" }

    /// Runs jobs until the task is cancelled. A job's completion claims the next in the same
    /// transaction, so a backlog is drained with one write between two jobs.
    public func run() async {
        await withTaskExecutorPreference(executor) {
            var next: Job?
            while !Task.isCancelled {
                let seen = bell.generation
                if next == nil { next = await claim() }
                guard let job = next else {
                    await bell.wait(since: seen, timeout: backstop)
                    continue
                }
                next = await execute(job, claimingNext: true)
            }
            // Claimed as the last job ended, and not started: handed back at once.
            if let next { await handBack(next) }
        }
    }

    /// Claims and runs one due job. Returns false when none was due (or the queue is unreachable).
    @discardableResult
    public func runOnce() async -> Bool {
        guard let job = await claim() else { return false }
        _ = await execute(job, claimingNext: false)
        return true
    }

    private func claim() async -> Job? {
        do {
            return try await jobs.claim(worker: name, lease: lease, now: runtime.clock.now())
        } catch is CancellationError {
            return nil
        } catch {
            runtime.logger.warning("job claim failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Runs `job` and settles it; with `claimingNext`, the job's completion also claims the next
    /// one, which is returned.
    private func execute(_ job: Job, claimingNext: Bool) async -> Job? {
        let queue = jobs
        var next: Job?
        let started = ContinuousClock.now
        let waited = Duration.seconds(max(0, runtime.clock.now().timeIntervalSince(job.runAt)))
        func measure(_ outcome: String) {
            runtime.metrics.job(job.kind, outcome: outcome, waited: waited, ran: ContinuousClock.now - started)
        }
        do {
            try await performKeepingLease(job)
            next = try await settle(job, claimingNext: claimingNext && !Task.isCancelled)
            measure("done")
            runtime.logger.info(
                "job done",
                metadata: ["job_id": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(job.attempts)"])
        } catch  where error is CancellationError || Task.isCancelled {
            // Shutdown interrupted the job.
            await handBack(job)
            measure("interrupted")
            runtime.logger.info(
                "job interrupted by shutdown", metadata: ["job_id": "\(job.id)", "kind": "\(job.kind.rawValue)"])
        } catch {
            let permanent = Self.isPermanent(error)
            let now = runtime.clock.now()
            let retryAt =
                permanent
                ? nil
                : now.addingTimeInterval(
                    retry.delay(afterAttempts: job.attempts, jitter: runtime.randomness.unitInterval()))
            let state = try? await queue.fail(
                job.id, worker: name, errorCode: Self.code(error), retryAt: retryAt, now: now)
            measure(Self.outcome(after: state))
            if state == .dead, job.kind == .cardAction, let tapID = TapID(job.subject) {
                await cardActions.abandon(tapID: tapID, tenant: job.tenantID, code: Self.code(error))
            }
            runtime.logger.warning(
                "job failed",
                metadata: [
                    "job_id": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(job.attempts)",
                    "error": "\(Self.code(error))",
                    "state": "\(state?.rawValue ?? "unknown")",
                ])
        }
        return next
    }

    /// Marks the job done, claiming the next in the same transaction when asked. If that
    /// transaction fails for another reason than a lost lease, the job is still marked done on its
    /// own: its work is finished, and the next job waits for the next claim.
    private func settle(_ job: Job, claimingNext: Bool) async throws -> Job? {
        let now = runtime.clock.now()
        guard claimingNext else {
            try await jobs.complete(job.id, worker: name, now: now)
            return nil
        }
        do {
            return try await jobs.complete(job.id, worker: name, now: now, claimingNext: lease)
        } catch {
            if case StoreError.conflict = error { throw error }
            try await jobs.complete(job.id, worker: name, now: runtime.clock.now())
            return nil
        }
    }

    /// Gives a job back to the queue at once (shutdown), rather than when its lease expires. It
    /// runs in a task of its own, which the shutdown has not cancelled.
    private func handBack(_ job: Job) async {
        let now = runtime.clock.now()
        _ = await Task { [jobs, name] in
            try? await jobs.fail(job.id, worker: name, errorCode: "job.interrupted", retryAt: now, now: now)
        }.value
    }

    /// A failed attempt's outcome label: retried later, dead, or superseded by a waiting run.
    static func outcome(after state: Job.State?) -> String {
        switch state {
        case .queued: "retry"
        case .dead: "dead"
        case .done: "superseded"
        case .running, nil: "unknown"
        }
    }

    /// Runs the job while renewing its lease every third of the lease, so a long job (slow Lark,
    /// a slow AI) is never claimed by a second worker. A lost lease stops the job. The renewal
    /// waits on the bell's shared timer: a job that ends first arms no timer of its own.
    func performKeepingLease(_ job: Job) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await perform(job) }
            group.addTask {
                while true {
                    try await bell.timer.sleep(for: lease / 3)
                    try await jobs.renew(job.id, worker: name, lease: lease, now: runtime.clock.now())
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    public func perform(_ job: Job) async throws {
        switch job.kind {
        case .processInstance:
            _ = try await processor.process(instanceCode: job.subject, tenant: job.tenantID)
        case .instanceStatusChanged:
            _ = try await processor.synchronise(instanceCode: job.subject, tenant: job.tenantID)
        case .recheckInvoices:
            _ = try await processor.process(instanceCode: job.subject, tenant: job.tenantID, refresh: true)
        case .cardAction:
            guard let tapID = TapID(job.subject) else { throw Unsupported(kind: job.kind) }
            try await cardActions.perform(tapID: tapID, tenant: job.tenantID)
        case .reconcileFlow:
            break
        }
    }

    public struct Unsupported: Error {
        public let kind: Job.Kind
    }

    /// A stable code for the dead-letter column and logs.
    public static func code(_ error: any Error) -> String {
        switch error {
        case let error as LarkError: error.description
        case let error as StoreError: error.description
        case let error as Unsupported: "job.unsupported(\(error.kind.rawValue))"
        case SubmissionProcessor.Failure.notConnected: "lark.not_connected"
        case SubmissionProcessor.Failure.aiStillUnavailable: "ai.unavailable"
        default: "job.failed(\(String(describing: type(of: error))))"
        }
    }

    /// Failures a retry cannot fix go straight to the dead letters.
    public static func isPermanent(_ error: any Error) -> Bool {
        switch error {
        case let error as LarkError: !error.isRetryable
        case is Unsupported, SubmissionProcessor.Failure.notConnected: true
        case StoreError.unavailable, StoreError.conflict: false
        case is StoreError: true
        default: false
        }
    }
}
