import Foundation
import ServiceLifecycle

/// Runs periodic work (the reconciliation sweep, the retention purge) at start and then every
/// `interval` while `kopi serve` runs. Graceful shutdown cancels the wait (and a run in
/// progress), so shutdown is never held up by it.
struct PeriodicService: Service, CustomStringConvertible {
    let name: String
    let interval: Duration
    let work: @Sendable () async -> Void

    var description: String { "\(name)(every \(interval))" }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await work()
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
