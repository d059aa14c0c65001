import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("JobQueue contract")
struct JobQueueContract {
    @Test(
        "A batch of jobs is enqueued as one by one: a waiting subject or one repeated in the batch is skipped",
        arguments: StoreKind.allCases)
    func enqueueBatch(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let subjects = (0..<3).map { _ in LarkIDs.instanceCode() }
            let waiting = Fixtures.job(tenant.id, subject: subjects[0])
            let batch = [
                Fixtures.job(tenant.id, subject: subjects[0]), Fixtures.job(tenant.id, subject: subjects[1]),
                Fixtures.job(tenant.id, subject: subjects[1]), Fixtures.job(tenant.id, subject: subjects[2]),
            ]
            try await test.storage.withTenant(tenant.id) { scope async throws in
                #expect(try await scope.scheduler.enqueue(waiting))
                #expect(try await scope.scheduler.enqueue(batch) == [batch[1].id, batch[3].id])
                #expect(try await scope.scheduler.job(batch[3].id) == batch[3])
                #expect(try await scope.scheduler.job(batch[2].id) == nil)
                #expect(try await scope.scheduler.jobs(in: .queued, limit: 10).count == 3)
            }
        }
    }

    @Test("A job is enqueued once per kind and subject while active", arguments: StoreKind.allCases)
    func enqueueDedup(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let first = Fixtures.job(tenant.id, subject: LarkIDs.stable(.uuid, "I1"))
            try await test.storage.withTenant(tenant.id) { scope async throws in
                #expect(try await scope.scheduler.enqueue(first))
                #expect(try await scope.scheduler.job(first.id) == first)
                #expect(
                    try await !scope.scheduler.enqueue(Fixtures.job(tenant.id, subject: LarkIDs.stable(.uuid, "I1"))))
                #expect(
                    try await scope.scheduler.enqueue(Fixtures.job(tenant.id, subject: LarkIDs.stable(.uuid, "I2"))))
            }
            let job = try #require(
                try await test.storage.jobs.claim(worker: "w1", lease: .seconds(30), now: Fixtures.time(1)))
            try await test.storage.jobs.complete(job.id, worker: "w1", now: Fixtures.time(2))
            // Once done, the same subject may be enqueued again (e.g. a status change).
            #expect(
                try await test.storage.withTenant(tenant.id) {
                    try await $0.scheduler.enqueue(Fixtures.job(tenant.id, subject: job.subject))
                })
        }
    }

    @Test(
        "Claims are fair across workspaces: a flooding workspace's backlog does not hold another's job behind it",
        arguments: StoreKind.allCases)
    func fairAcrossWorkspaces(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (flooding, _) = try await Fixtures.workspace(in: test.storage, name: "Flooding")
            let (quiet, _) = try await Fixtures.workspace(in: test.storage, name: "Quiet")
            try await test.storage.withTenant(flooding.id) { scope in
                for second in 0..<40 {
                    _ = try await scope.scheduler.enqueue(
                        Fixtures.job(flooding.id, runAt: Fixtures.time(Double(second) / 10)))
                }
            }
            // The flood is older, and one of its jobs is already running.
            let first = try #require(
                try await test.storage.jobs.claim(worker: "w1", lease: .seconds(60), now: Fixtures.time(10)))
            #expect(first.tenantID == flooding.id)
            let quietJob = Fixtures.job(quiet.id, runAt: Fixtures.time(9))
            _ = try await test.storage.withTenant(quiet.id) { try await $0.scheduler.enqueue(quietJob) }
            let next = try #require(
                try await test.storage.jobs.claim(worker: "w2", lease: .seconds(60), now: Fixtures.time(10)))
            #expect(next.id == quietJob.id, "the quiet workspace's job is taken before the older flood")
            // With both busy alike, the longest-waiting workspace goes first again.
            let then = try #require(
                try await test.storage.jobs.claim(worker: "w3", lease: .seconds(60), now: Fixtures.time(10)))
            #expect(then.tenantID == flooding.id)
        }
    }

    @Test(
        "While a job runs, an event for the same subject queues one more run; a failing run then gives way to it",
        arguments: StoreKind.allCases)
    func enqueueWhileRunning(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let subject = LarkIDs.instanceCode()
            _ = try await test.storage.withTenant(tenant.id) {
                try await $0.scheduler.enqueue(Fixtures.job(tenant.id, subject: subject))
            }
            let running = try #require(
                try await test.storage.jobs.claim(worker: "w1", lease: .seconds(30), now: Fixtures.time(1)))
            let (again, twice) = try await test.storage.withTenant(tenant.id) { scope in
                (
                    try await scope.scheduler.enqueue(Fixtures.job(tenant.id, subject: subject)),
                    try await scope.scheduler.enqueue(Fixtures.job(tenant.id, subject: subject))
                )
            }
            #expect(again && !twice, "one more run, not two")
            let state = try await test.storage.jobs.fail(
                running.id, worker: "w1", errorCode: "lark.unavailable", retryAt: Fixtures.time(5),
                now: Fixtures.time(2))
            #expect(state == .done, "superseded by the waiting run")
            let queued = try await test.storage.withTenant(tenant.id) {
                try await $0.scheduler.jobs(in: .queued, limit: 10)
            }
            #expect(queued.map(\.subject) == [subject])
        }
    }

    @Test(
        "One run per subject at a time: a queued run of a running subject (of any kind) waits while other subjects' jobs are claimed, then runs",
        arguments: StoreKind.allCases)
    func oneRunPerSubject(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (busy, other) = (LarkIDs.instanceCode(), LarkIDs.instanceCode())
            _ = try await test.storage.withTenant(tenant.id) {
                try await $0.scheduler.enqueue(Fixtures.job(tenant.id, subject: busy, runAt: Fixtures.time(0)))
            }
            let queue = test.storage.jobs
            let first = try #require(try await queue.claim(worker: "w1", lease: .seconds(30), now: Fixtures.time(1)))
            #expect(first.subject == busy)
            let status = Job(
                id: SystemRandomness().identifier(), tenantID: tenant.id, kind: .instanceStatusChanged, subject: busy,
                maxAttempts: 3, runAt: Fixtures.time(1), createdAt: Fixtures.epoch)
            _ = try await test.storage.withTenant(tenant.id) { scope in
                try await scope.scheduler.enqueue([
                    Fixtures.job(tenant.id, subject: busy, runAt: Fixtures.time(1)), status,
                    Fixtures.job(tenant.id, subject: other, runAt: Fixtures.time(2)),
                ])
            }
            let second = try #require(try await queue.claim(worker: "w2", lease: .seconds(30), now: Fixtures.time(3)))
            #expect(second.subject == other, "the busy subject's runs wait; the other subject's job does not")
            #expect(try await queue.claim(worker: "w3", lease: .seconds(30), now: Fixtures.time(4)) == nil)
            try await queue.complete(first.id, worker: "w1", now: Fixtures.time(5))
            let third = try #require(try await queue.claim(worker: "w3", lease: .seconds(30), now: Fixtures.time(6)))
            #expect(third.subject == busy)
            try await queue.complete(second.id, worker: "w2", now: Fixtures.time(7))
            #expect(try await queue.claim(worker: "w4", lease: .seconds(30), now: Fixtures.time(8)) == nil)
            // A run whose worker died is claimed again once its lease lapses, before the queued one.
            let again = try #require(try await queue.claim(worker: "w4", lease: .seconds(30), now: Fixtures.time(40)))
            #expect(again.id == third.id && again.attempts == 2)
        }
    }

    @Test("Claim leases the oldest due job; complete needs the lease holder", arguments: StoreKind.allCases)
    func claimAndComplete(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let later = Fixtures.job(tenant.id, runAt: Fixtures.time(100))
            let first = Fixtures.job(tenant.id, runAt: Fixtures.time(0))
            try await test.storage.withTenant(tenant.id) { scope async throws in
                _ = try await scope.scheduler.enqueue(later)
                _ = try await scope.scheduler.enqueue(first)
            }
            let queue = test.storage.jobs
            let claimed = try #require(try await queue.claim(worker: "w1", lease: .seconds(30), now: Fixtures.time(10)))
            #expect(claimed.id == first.id)
            #expect(claimed.state == .running && claimed.attempts == 1 && claimed.leaseOwner == "w1")
            #expect(claimed.leaseExpiresAt == Fixtures.time(40) && claimed.runAt == Fixtures.time(40))
            #expect(try await queue.claim(worker: "w2", lease: .seconds(30), now: Fixtures.time(10)) == nil)
            await #expect(throws: StoreError.conflict) {
                try await queue.complete(first.id, worker: "w2", now: Fixtures.time(11))
            }
            try await queue.complete(first.id, worker: "w1", now: Fixtures.time(11))
            await #expect(throws: StoreError.conflict) {
                try await queue.complete(first.id, worker: "w1", now: Fixtures.time(12))
            }
            #expect(try await queue.counts()[.done] == 1)
        }
    }

    @Test(
        "Completing a job claims the next in the same transaction: fairly, with the finished job's subject free, nothing without the lease",
        arguments: StoreKind.allCases)
    func completeClaimingNext(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (busy, _) = try await Fixtures.workspace(in: test.storage, name: "Busy")
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let subject = LarkIDs.instanceCode()
            let first = Fixtures.job(busy.id, subject: subject, runAt: Fixtures.time(0))
            let sameSubject = Job(
                id: Fixtures.randomness.identifier(), tenantID: busy.id, kind: .instanceStatusChanged,
                subject: subject, maxAttempts: 3, runAt: Fixtures.time(1), createdAt: Fixtures.epoch)
            let later = Fixtures.job(busy.id, runAt: Fixtures.time(2))
            let otherJob = Fixtures.job(other.id, runAt: Fixtures.time(3))
            _ = try await test.storage.withTenant(busy.id) {
                try await $0.scheduler.enqueue([first, sameSubject, later])
            }
            _ = try await test.storage.withTenant(other.id) { try await $0.scheduler.enqueue(otherJob) }
            let queue = test.storage.jobs
            func state(_ job: Job) async throws -> Job.State? {
                try await test.storage.withTenant(job.tenantID) { try await $0.scheduler.job(job.id)?.state }
            }
            #expect(try await queue.claim(worker: "w1", lease: .seconds(30), now: Fixtures.time(10))?.id == first.id)
            #expect(try await queue.claim(worker: "w2", lease: .seconds(30), now: Fixtures.time(10))?.id == otherJob.id)

            // Done first, then the claim: the subject's waiting run is no longer held back.
            let next = try #require(
                try await queue.complete(first.id, worker: "w1", now: Fixtures.time(11), claimingNext: .seconds(30)))
            #expect(next.id == sameSubject.id)
            #expect(next.state == .running && next.attempts == 1 && next.leaseOwner == "w1")
            #expect(next.leaseExpiresAt == Fixtures.time(41))
            #expect(try await state(first) == .done)

            // Without the lease: refused, and nothing is claimed.
            await #expect(throws: StoreError.conflict) {
                try await queue.complete(
                    sameSubject.id, worker: "w9", now: Fixtures.time(12), claimingNext: .seconds(30))
            }
            #expect(try await state(later) == .queued)
            #expect(try await state(sameSubject) == .running)

            let last = try await queue.complete(
                sameSubject.id, worker: "w1", now: Fixtures.time(12), claimingNext: .seconds(30))
            #expect(last?.id == later.id && last?.leaseOwner == "w1")
            #expect(
                try await queue.complete(later.id, worker: "w1", now: Fixtures.time(13), claimingNext: .seconds(30))
                    == nil)
            #expect(
                try await queue.complete(otherJob.id, worker: "w2", now: Fixtures.time(13), claimingNext: .seconds(30))
                    == nil)
            #expect(try await queue.counts() == [.done: 4])
        }
    }

    @Test("An expired lease is reclaimed by another worker, and the old holder loses it", arguments: StoreKind.allCases)
    func leaseExpiry(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let job = Fixtures.job(tenant.id)
            _ = try await test.storage.withTenant(tenant.id) { try await $0.scheduler.enqueue(job) }
            let queue = test.storage.jobs
            _ = try await queue.claim(worker: "crashed", lease: .seconds(30), now: Fixtures.time(0))
            #expect(try await queue.claim(worker: "w2", lease: .seconds(30), now: Fixtures.time(29)) == nil)
            let reclaimed = try #require(
                try await queue.claim(worker: "w2", lease: .seconds(30), now: Fixtures.time(31)))
            #expect(reclaimed.id == job.id && reclaimed.attempts == 2 && reclaimed.leaseOwner == "w2")
            await #expect(throws: StoreError.conflict) {
                try await queue.complete(job.id, worker: "crashed", now: Fixtures.time(32))
            }
        }
    }

    @Test("A renewed lease keeps the job from other workers; only the holder renews", arguments: StoreKind.allCases)
    func leaseRenewal(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let job = Fixtures.job(tenant.id)
            _ = try await test.storage.withTenant(tenant.id) { try await $0.scheduler.enqueue(job) }
            let queue = test.storage.jobs
            _ = try await queue.claim(worker: "long", lease: .seconds(30), now: Fixtures.time(0))
            try await queue.renew(job.id, worker: "long", lease: .seconds(30), now: Fixtures.time(25))
            #expect(try await queue.claim(worker: "w2", lease: .seconds(30), now: Fixtures.time(40)) == nil)
            await #expect(throws: StoreError.conflict) {
                try await queue.renew(job.id, worker: "w2", lease: .seconds(30), now: Fixtures.time(41))
            }
            let reclaimed = try #require(
                try await queue.claim(worker: "w2", lease: .seconds(30), now: Fixtures.time(56)),
                "expired once renewals stop")
            #expect(reclaimed.leaseOwner == "w2")
            await #expect(throws: StoreError.conflict) {
                try await queue.renew(job.id, worker: "long", lease: .seconds(30), now: Fixtures.time(57))
            }
        }
    }

    @Test("Failures retry at the given time, then dead-letter with the error code", arguments: StoreKind.allCases)
    func retryAndDeadLetter(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let job = Fixtures.job(tenant.id, maxAttempts: 2)
            _ = try await test.storage.withTenant(tenant.id) { try await $0.scheduler.enqueue(job) }
            let queue = test.storage.jobs
            _ = try await queue.claim(worker: "w", lease: .seconds(30), now: Fixtures.time(0))
            #expect(
                try await queue.fail(
                    job.id, worker: "w", errorCode: "lark.99991400", retryAt: Fixtures.time(60), now: Fixtures.time(1))
                    == .queued)
            #expect(try await queue.claim(worker: "w", lease: .seconds(30), now: Fixtures.time(59)) == nil)
            _ = try #require(try await queue.claim(worker: "w", lease: .seconds(30), now: Fixtures.time(60)))
            #expect(
                try await queue.fail(
                    job.id, worker: "w", errorCode: "lark.1395001", retryAt: Fixtures.time(120), now: Fixtures.time(61))
                    == .dead)
            #expect(try await queue.claim(worker: "w", lease: .seconds(30), now: Fixtures.time(999)) == nil)
            let dead = try await test.storage.withTenant(tenant.id) {
                try await $0.scheduler.jobs(in: .dead, limit: 10)
            }
            #expect(dead.map(\.id) == [job.id])
            #expect(dead.first?.lastError == "lark.1395001")
            #expect(dead.first?.attempts == 2)
        }
    }

    @Test("A failure without a retry time dead-letters at once", arguments: StoreKind.allCases)
    func permanentFailure(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let job = Fixtures.job(tenant.id, maxAttempts: 8)
            _ = try await test.storage.withTenant(tenant.id) { try await $0.scheduler.enqueue(job) }
            _ = try await test.storage.jobs.claim(worker: "w", lease: .seconds(30), now: Fixtures.time(0))
            #expect(
                try await test.storage.jobs.fail(
                    job.id, worker: "w", errorCode: "flow.not_monitored", retryAt: nil, now: Fixtures.time(1)) == .dead)
        }
    }

    @Test("Two concurrent claimers never hold the same job at once", arguments: StoreKind.allCases)
    func concurrentClaimers(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let jobs = (0..<40).map { Fixtures.job(tenant.id, subject: "S\($0)") }
            try await test.storage.withTenant(tenant.id) { scope async throws in
                for job in jobs { _ = try await scope.scheduler.enqueue(job) }
            }
            let queue = test.storage.jobs
            let claims = try await withThrowingTaskGroup(of: [JobID].self) { group in
                for worker in ["w1", "w2"] {
                    group.addTask {
                        var mine: [JobID] = []
                        while let job = try await queue.claim(
                            worker: worker, lease: .seconds(300), now: Fixtures.time(1))
                        {
                            mine.append(job.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [[JobID]]()) { $0.append($1) }
            }
            let all = claims.flatMap { $0 }
            #expect(all.count == jobs.count)
            #expect(Set(all) == Set(jobs.map(\.id)))
        }
    }

    @Test(
        "Purging deletes done jobs finished before the cutoff; queued, running and dead jobs stay whatever their age",
        arguments: StoreKind.allCases)
    func purgeFinished(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let jobs = (0..<5).map { Fixtures.job(tenant.id, runAt: Fixtures.time(Double($0))) }
            try await test.storage.withTenant(tenant.id) { scope in _ = try await scope.scheduler.enqueue(jobs) }
            let queue = test.storage.jobs
            func claim() async throws -> Job {
                try #require(try await queue.claim(worker: "w1", lease: .seconds(30), now: Fixtures.time(10)))
            }
            try await queue.complete(try await claim().id, worker: "w1", now: Fixtures.time(20))
            _ = try await queue.fail(
                try await claim().id, worker: "w1", errorCode: "lark.refused", retryAt: nil, now: Fixtures.time(21))
            try await queue.complete(try await claim().id, worker: "w1", now: Fixtures.time(1000))
            _ = try await claim()  // running, its lease long expired at the cutoff
            #expect(try await queue.counts() == [.done: 2, .dead: 1, .running: 1, .queued: 1])

            #expect(try await queue.purge(finishedBefore: Fixtures.time(500)) == 1)
            #expect(try await queue.counts() == [.done: 1, .dead: 1, .running: 1, .queued: 1])
            #expect(try await queue.purge(finishedBefore: Fixtures.time(500)) == 0)
            #expect(try await queue.purge(finishedBefore: Fixtures.time(1001)) == 1)
            #expect(try await queue.counts() == [.dead: 1, .running: 1, .queued: 1])
        }
    }

    @Test(
        "Counts by kind and state cover every tenant's jobs and name only the pairs that exist",
        arguments: StoreKind.allCases)
    func countsByKind(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (first, _) = try await Fixtures.workspace(in: test.storage, name: "First")
            let (second, _) = try await Fixtures.workspace(in: test.storage, name: "Second")
            @Sendable func job(_ tenant: TenantID, _ kind: Job.Kind, at seconds: Double) -> Job {
                Job(
                    id: SystemRandomness().identifier(), tenantID: tenant, kind: kind, subject: LarkIDs.instanceCode(),
                    maxAttempts: 3, runAt: Fixtures.time(seconds), createdAt: Fixtures.epoch)
            }
            try await test.storage.withTenant(first.id) { scope in
                _ = try await scope.scheduler.enqueue([
                    job(first.id, .processInstance, at: 0), job(first.id, .processInstance, at: 1),
                    job(first.id, .cardAction, at: 2),
                ])
            }
            try await test.storage.withTenant(second.id) { scope in
                _ = try await scope.scheduler.enqueue([job(second.id, .recheckInvoices, at: 3)])
            }
            let queue = test.storage.jobs
            #expect(
                try await queue.countsByKind() == [
                    .processInstance: [.queued: 2], .cardAction: [.queued: 1], .recheckInvoices: [.queued: 1],
                ])
            let claimed = try #require(try await queue.claim(worker: "w1", lease: .seconds(30), now: Fixtures.time(10)))
            try await queue.complete(claimed.id, worker: "w1", now: Fixtures.time(11))
            let running = try #require(try await queue.claim(worker: "w1", lease: .seconds(30), now: Fixtures.time(12)))
            #expect(claimed.kind == .processInstance && running.kind == .processInstance)
            #expect(
                try await queue.countsByKind() == [
                    .processInstance: [.done: 1, .running: 1], .cardAction: [.queued: 1],
                    .recheckInvoices: [.queued: 1],
                ])
            #expect(try await queue.counts() == [.done: 1, .running: 1, .queued: 2])
        }
    }

    @Test(
        "Dead letters are listed with their error code and the time of the last attempt; a retry keeps the job's history and grants new attempts; a discard deletes it",
        arguments: StoreKind.allCases)
    func deadLetters(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (refused, exhausted, other) = (
                Fixtures.job(tenant.id, maxAttempts: 3),
                Fixtures.job(tenant.id, runAt: Fixtures.time(1), maxAttempts: 1),
                Fixtures.job(tenant.id, runAt: Fixtures.time(10_000))
            )
            try await test.storage.withTenant(tenant.id) { scope in
                _ = try await scope.scheduler.enqueue([refused, exhausted, other])
            }
            let queue = test.storage.jobs
            func claim(at seconds: Double) async throws -> Job {
                try #require(try await queue.claim(worker: "w1", lease: .seconds(30), now: Fixtures.time(seconds)))
            }
            #expect(try await claim(at: 10).id == refused.id)
            #expect(
                try await queue.fail(
                    refused.id, worker: "w1", errorCode: "lark.forbidden(1390001)", retryAt: nil, now: Fixtures.time(11)
                )
                    == .dead)
            #expect(try await claim(at: 20).id == exhausted.id)
            #expect(
                try await queue.fail(
                    exhausted.id, worker: "w1", errorCode: "ai.unavailable", retryAt: Fixtures.time(500),
                    now: Fixtures.time(21)) == .dead)

            let dead = try await queue.deadJobs(limit: 10)
            #expect(dead.map(\.id) == [exhausted.id, refused.id], "the most recently dead first")
            #expect(dead.map(\.lastError) == ["ai.unavailable", "lark.forbidden(1390001)"])
            #expect(dead.map(\.runAt) == [Fixtures.time(21), Fixtures.time(11)], "when the last attempt failed")
            #expect(try await queue.deadJobs(limit: 1).count == 1)

            let retried = try await queue.retry(exhausted.id, attempts: 2, now: Fixtures.time(30))
            #expect(retried.id == exhausted.id && retried.state == .queued && retried.attempts == 1)
            #expect(
                retried.maxAttempts == 3 && retried.lastError == "ai.unavailable" && retried.runAt == Fixtures.time(30))
            #expect(try await claim(at: 31).id == exhausted.id)
            #expect(
                try await queue.fail(
                    exhausted.id, worker: "w1", errorCode: "ai.unavailable", retryAt: Fixtures.time(40),
                    now: Fixtures.time(32))
                    == .queued, "a retried job has new attempts")
            await #expect(throws: StoreError.notFound) {
                _ = try await queue.retry(exhausted.id, attempts: 2, now: Fixtures.time(33))
            }
            await #expect(throws: StoreError.notFound) { try await queue.discard(other.id) }

            // A dead job whose subject has a run waiting again is not queued twice.
            try await test.storage.withTenant(tenant.id) { scope in
                _ = try await scope.scheduler.enqueue(Fixtures.job(tenant.id, subject: refused.subject))
            }
            await #expect(throws: StoreError.conflict) {
                _ = try await queue.retry(refused.id, attempts: 2, now: Fixtures.time(34))
            }
            try await queue.discard(refused.id)
            #expect(try await queue.deadJobs(limit: 10).isEmpty)
            await #expect(throws: StoreError.notFound) { try await queue.discard(refused.id) }
        }
    }
}
