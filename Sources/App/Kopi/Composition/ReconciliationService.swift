import Application
import Foundation
import Logging
import ServiceLifecycle

/// Runs the reconciliation sweep at start and then periodically while `kopi serve` runs. Graceful
/// shutdown cancels the wait (and a sweep in progress), so shutdown is never held up by it.
struct ReconciliationService: Service, CustomStringConvertible {
    let sweep: ReconciliationSweep
    let interval: Duration
    let logger: Logger

    var description: String { "ReconciliationSweep(every \(interval))" }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    let report = await sweep.runAll()
                    logger.info(
                        "reconciliation sweep",
                        metadata: [
                            "flows": "\(report.flows)", "listed": "\(report.listed)", "enqueued": "\(report.enqueued)",
                            "resynced": "\(report.resynced)", "failures": "\(report.failures)",
                            "skipped": "\(report.skipped)",
                        ])
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
