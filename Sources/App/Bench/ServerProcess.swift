import Adapters
import Application
import Fakes
import Foundation

/// `kopi serve` started as a second process for a benchmark, on a random loopback port: the
/// `kopi` built beside this `kopi-bench`.
struct ServerProcess {
    let process: Process
    let baseURL: String

    /// Starts `kopi serve`; `environment` adds to (and overrides) the current one.
    static func start(
        database: DatabaseLocation, ownerURL: String?, masterKey: String, environment extra: [String: String] = [:]
    ) throws -> ServerProcess {
        let port = FreePort.find()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent()
            .appendingPathComponent("kopi")
        process.arguments = ["serve"]
        var environment = ProcessInfo.processInfo.environment
        environment["KOPI_DATABASE_URL"] = database.url
        environment["KOPI_MASTER_KEY"] = masterKey
        environment["KOPI_PORT"] = String(port)
        environment["KOPI_LOG_LEVEL"] = "warning"
        if let ownerURL { environment["KOPI_DATABASE_OWNER_URL"] = ownerURL }
        process.environment = environment.merging(extra) { $1 }
        try process.run()
        return ServerProcess(process: process, baseURL: "http://127.0.0.1:\(port)")
    }

    func waitUntilHealthy(http: CurlHTTPClient) async throws {
        for _ in 0..<200 {
            if (try? await http.send(HTTPClientRequest(method: "GET", url: "\(baseURL)/healthz", timeout: .seconds(1))))?
                .status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchmarkError.serverDidNotStart
    }

    /// The server's peak resident set size.
    var peakRSSMegabytes: Double? { LatencyRecorder.peakRSSMegabytes(process: String(process.processIdentifier)) }

    /// Stops the server and waits for it (polling: see ``Foundation/Process/exited()``).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning { usleep(20_000) }
    }
}

enum BenchmarkError: Error {
    case serverDidNotStart
}

extension Process {
    /// Waits for the process to end. `waitUntilExit()` can hang inside Swift concurrency on
    /// Linux (it spins a run loop that is never woken), so this polls.
    func exited() async {
        while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }
}
