import Adapters
import Application
import Foundation

/// Sends prepared requests to a server in another process: as fast as `concurrency` connections
/// allow, or at a fixed offered rate. Latency is measured from when a request was due, so a
/// server that falls behind is charged for the queueing it causes.
struct LoadGenerator: Sendable {
    let http: CurlHTTPClient
    let concurrency: Int

    struct Outcome: Sendable {
        var latencies = LatencyRecorder()
        var elapsed: Duration = .zero
        var statuses: [Int: Int] = [:]
    }

    func run(_ requests: [HTTPClientRequest], ratePerSecond: Double? = nil) async -> Outcome {
        let start = ContinuousClock.now
        let perWorker = await withTaskGroup(of: Outcome.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var outcome = Outcome()
                    for index in stride(from: worker, to: requests.count, by: concurrency) {
                        var due = ContinuousClock.now
                        if let rate = ratePerSecond {
                            due = start + .seconds(Double(index) / rate)
                            if due > ContinuousClock.now { try? await Task.sleep(until: due) }
                        }
                        let status = (try? await http.send(requests[index]))?.status ?? 0
                        outcome.latencies.record(ContinuousClock.now - due)
                        outcome.statuses[status, default: 0] += 1
                    }
                    return outcome
                }
            }
            var all: [Outcome] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        var total = Outcome()
        for outcome in perWorker {
            total.latencies.merge(outcome.latencies)
            total.statuses.merge(outcome.statuses, uniquingKeysWith: +)
        }
        total.elapsed = ContinuousClock.now - start
        return total
    }
}
