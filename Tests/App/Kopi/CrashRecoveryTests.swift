import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

@testable import Adapters

/// The real `kopi serve`, killed with SIGKILL at random moments under load and started again, as
/// a machine or a container runtime would: Lark re-sends what was not answered 200, and every
/// push that was answered 200 must end as exactly one card per approver.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    static let instances = 400
    static let pushesPerInstance = 5
    static let kills = 4

    @Test(
        "2,000 pushes while kopi serve is SIGKILLed four times and restarted: every accepted push is kept and each approver gets exactly one card",
        arguments: ["sqlite", "postgres"])
    func killedUnderLoad(backend: String) async throws {
        let live = try await LiveService.start(backend, claims: Self.instances)
        defer { live.clean() }
        // A killed instance's jobs run again once their lease lapses: 3 s instead of 120.
        let server = KillableServer(folder: live.folder, environment: live.environment(["KOPI_JOB_LEASE_SECONDS": "3"]))
        try await server.start()

        let deliveries = live.deliveries(perClaim: Self.pushesPerInstance)
        let progress = PushProgress()
        let url = live.eventsURL(server.baseURL)
        let pushing = Task { await LiveService.push(deliveries, to: { _ in url }, progress: progress) }

        // Kills at random moments: during the pushes, and while the workers still process them.
        var killedWhilePushing = 0
        for _ in 0..<Self.kills {
            try await Task.sleep(for: .milliseconds(Int.random(in: 300...1200)))
            if progress.next.load(ordering: .relaxed) < deliveries.count { killedWhilePushing += 1 }
            await server.kill()
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...300)))
            try await server.start()
        }
        await pushing.value
        // Jobs a killed instance held run again once their leases lapse; they must send nothing twice.
        let settled = try await live.settle()
        await server.stop()

        #expect(progress.accepted.load(ordering: .relaxed) == deliveries.count, "every push was finally answered 200")
        #expect(progress.unexpected.withLock { $0 }.isEmpty, "only refused connections and 503 before a 200")
        #expect(killedWhilePushing >= 1, "at least one kill landed while pushes were arriving")
        try await live.expectOneCardPerApprover(settled, events: deliveries.count)
    }
}
