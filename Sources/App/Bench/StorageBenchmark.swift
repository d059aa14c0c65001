import Application
import Domain
import Foundation
import Ports

/// Inbox insert-if-absent and job claim/complete throughput against one storage.
struct StorageBenchmark {
    let storage: any Storage
    let events: Int
    let concurrency: Int
    let randomness: any Randomness = SystemRandomness()

    func run() async throws -> [String] {
        let tenant = try await makeTenant()
        var lines: [String] = []
        lines.append(try await inboxInserts(tenant))
        lines.append(try await jobClaims(tenant))
        return lines
    }

    private func makeTenant() async throws -> TenantID {
        let now = Date()
        let user = User(
            id: randomness.identifier(), email: EmailAddress("bench-\(randomness.uuid())@kopi.test")!, createdAt: now)
        try await storage.directory.createUser(user)
        let tenant = Tenant(
            id: randomness.identifier(), name: "Benchmark", larkDomain: .lark, endpointID: randomness.endpointID(),
            createdAt: now)
        try await storage.directory.createWorkspace(tenant, owner: user.id)
        return tenant.id
    }

    /// Every tenth insert repeats an earlier event id, as Lark's retries do.
    private func inboxInserts(_ tenant: TenantID) async throws -> String {
        let start = ContinuousClock.now
        let recorder = try await concurrently { worker, index in
            let id = index % 10 == 9 ? "evt-\(worker)-\(index - 1)" : "evt-\(worker)-\(index)"
            let event = InboxEvent(
                tenantID: tenant, eventID: id, type: "approval_instance", instanceCode: "I\(index)", status: "PENDING",
                receivedAt: Date())
            _ = try await storage.withTenant(tenant) { try await $0.inbox.insertIfAbsent(event) }
        }
        return recorder.summary(name: "inbox insert-if-absent (10% duplicates)", elapsed: ContinuousClock.now - start)
    }

    private func jobClaims(_ tenant: TenantID) async throws -> String {
        let now = Date()
        for index in 0..<events {
            let job = Job(
                id: randomness.identifier(), tenantID: tenant, kind: .processInstance, subject: "I\(index)", runAt: now,
                createdAt: now)
            _ = try await storage.withTenant(tenant) { try await $0.scheduler.enqueue(job) }
        }
        let start = ContinuousClock.now
        let recorder = try await concurrently { worker, _ in
            guard let job = try await storage.jobs.claim(worker: "w\(worker)", lease: .seconds(60), now: Date()) else {
                return
            }
            try await storage.jobs.complete(job.id, worker: "w\(worker)", now: Date())
        }
        return recorder.summary(name: "job claim+complete", elapsed: ContinuousClock.now - start)
    }

    /// Runs `events` operations spread over `concurrency` tasks, timing each.
    private func concurrently(_ operation: @escaping @Sendable (Int, Int) async throws -> Void) async throws
        -> LatencyRecorder
    {
        let perWorker = max(1, events / concurrency)
        return try await withThrowingTaskGroup(of: LatencyRecorder.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var recorder = LatencyRecorder()
                    for index in 0..<perWorker {
                        let began = ContinuousClock.now
                        try await operation(worker, index)
                        recorder.record(ContinuousClock.now - began)
                    }
                    return recorder
                }
            }
            var all = LatencyRecorder()
            for try await recorder in group { all.merge(recorder) }
            return all
        }
    }
}
