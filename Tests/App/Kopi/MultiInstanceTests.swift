import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

/// Two `kopi serve` processes on one Postgres, as a deployment scales out: pushes reach either,
/// jobs are shared through leases, and no job runs in both.
@Suite("Several instances", .serialized)
struct MultiInstanceTests {
    @Test(
        "Two instances on one Postgres under 2,000 pushes split between them: both work, no job runs twice, each approver gets one card"
    )
    func twoInstances() async throws {
        let live = try await LiveService.start("postgres", claims: 400)
        defer { live.clean() }
        // Info logs name every job an instance finished.
        let environment = live.environment(["KOPI_LOG_LEVEL": "info"])
        let first = KillableServer(folder: live.folder, environment: environment, log: "first.log")
        let second = KillableServer(folder: live.folder, environment: environment, log: "second.log")
        try await first.start()
        try await second.start()

        let deliveries = live.deliveries(perClaim: 5)
        let progress = PushProgress()
        let urls = [live.eventsURL(first.baseURL), live.eventsURL(second.baseURL)]
        await LiveService.push(deliveries, to: { urls[$0 % 2] }, progress: progress)
        let settled = try await live.settle()
        await first.stop()
        await second.stop()

        #expect(progress.accepted.load(ordering: .relaxed) == deliveries.count)
        #expect(progress.unexpected.withLock { $0 }.isEmpty)
        let failures = try [first.log, second.log].flatMap {
            try String(contentsOf: $0, encoding: .utf8).split(separator: "\n").filter { $0.contains("job failed") }
        }
        #expect(failures.isEmpty, "\(failures.count) failed attempts: \(failures.prefix(3))")
        try await live.expectOneCardPerApprover(settled, events: deliveries.count)
        let (byFirst, bySecond) = (try Self.finishedJobs(first.log), try Self.finishedJobs(second.log))
        #expect(
            !byFirst.isEmpty && !bySecond.isEmpty, "both instances ran jobs: \(byFirst.count) and \(bySecond.count)")
        #expect(byFirst.isDisjoint(with: bySecond), "no job finished in both")
        #expect(byFirst.count + bySecond.count == settled.jobs[.done], "every done job was finished once")
    }

    /// Ids of the jobs an instance's log says it finished, each at most once.
    static func finishedJobs(_ log: URL) throws -> Set<String> {
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").filter {
            $0.contains("job done")
        }
        let ids = lines.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("job_id=") }.map { String($0.dropFirst("job_id=".count)) }
        }
        #expect(ids.count == Set(ids).count, "a job finished twice in one instance")
        return Set(ids)
    }
}
