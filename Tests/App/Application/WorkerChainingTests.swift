import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

@testable import Adapters
@testable import Application

@Suite("Worker: one transaction between two jobs")
struct WorkerChainingTests {
    @Test(
        "A running worker drains a backlog by completing each job and claiming the next in one call; the last finds none",
        arguments: AppBackend.allCases)
    func chainsJobs(backend: AppBackend) async throws {
        let storage = try await backend.makeStorage()
        let harness = try await WebhookHarness.make(storage: storage)
        let tenant = harness.tenant.id
        let backlog = (0..<4).map { index in
            Job(
                id: SystemRandomness().identifier(), tenantID: tenant, kind: .reconcileFlow,
                subject: LarkIDs.approvalCode(), maxAttempts: 3, runAt: Date(timeIntervalSinceNow: Double(index - 60)),
                createdAt: Date())
        }
        _ = try await storage.withTenant(tenant) { try await $0.scheduler.enqueue(backlog) }
        let queue = CountingJobQueue(inner: storage.jobs)
        let services = TestServices.make(storage: storage)
        var worker = Worker(
            jobs: queue, runtime: services.runtime, processor: SubmissionProcessor(services: services),
            cardActions: CardActionProcessor(services: services), bell: services.bell, name: "chaining-worker")
        worker.backstop = .seconds(60)
        let running = Task { [worker] in await worker.run() }
        let deadline = ContinuousClock.now + .seconds(30)
        while try await storage.jobs.counts()[.done] ?? 0 < backlog.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        running.cancel()
        await running.value
        let calls = queue.calls.withLock { $0 }
        #expect(try await storage.jobs.counts() == [.done: backlog.count])
        #expect(calls.claimsFound == 1, "only the first job was claimed on its own")
        #expect(calls.completedClaimingNext == backlog.count && calls.completedAlone == 0)
        #expect(calls.nextFound == backlog.count - 1, "each completion but the last claimed the next job")
        await (storage as? SQLStorage)?.close()
    }
}

/// Counts what a worker asks of the queue.
private final class CountingJobQueue: JobQueue {
    struct Calls {
        var claimsFound = 0
        var completedAlone = 0
        var completedClaimingNext = 0
        var nextFound = 0
    }

    let inner: any JobQueue
    let calls = Mutex(Calls())

    init(inner: any JobQueue) { self.inner = inner }

    func claim(worker: String, lease: Duration, now: Date) async throws -> Job? {
        let job = try await inner.claim(worker: worker, lease: lease, now: now)
        if job != nil { calls.withLock { $0.claimsFound += 1 } }
        return job
    }

    func complete(_ id: JobID, worker: String, now: Date) async throws {
        calls.withLock { $0.completedAlone += 1 }
        try await inner.complete(id, worker: worker, now: now)
    }

    func complete(_ id: JobID, worker: String, now: Date, claimingNext lease: Duration) async throws -> Job? {
        let next = try await inner.complete(id, worker: worker, now: now, claimingNext: lease)
        calls.withLock {
            $0.completedClaimingNext += 1
            if next != nil { $0.nextFound += 1 }
        }
        return next
    }

    func renew(_ id: JobID, worker: String, lease: Duration, now: Date) async throws {
        try await inner.renew(id, worker: worker, lease: lease, now: now)
    }

    func fail(_ id: JobID, worker: String, errorCode: String, retryAt: Date?, now: Date) async throws -> Job.State {
        try await inner.fail(id, worker: worker, errorCode: errorCode, retryAt: retryAt, now: now)
    }

    func countsByKind() async throws -> [Job.Kind: [Job.State: Int]] { try await inner.countsByKind() }
    func purge(finishedBefore cutoff: Date) async throws -> Int { try await inner.purge(finishedBefore: cutoff) }
    func deadJobs(limit: Int) async throws -> [Job] { try await inner.deadJobs(limit: limit) }
    func retry(_ id: JobID, attempts: Int, now: Date) async throws -> Job {
        try await inner.retry(id, attempts: attempts, now: now)
    }
    func discard(_ id: JobID) async throws { try await inner.discard(id) }
}
