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
        environment["KOPI_MAIL"] = "console"  // the benchmarks send no mail; Postgres counts as production
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

    /// CPU time the server has used so far (user + system), from `/proc/PID/stat`.
    var cpuSeconds: Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3, utime 14 and stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Stops the server and waits for it (reaping it: see ``Foundation/Process/hasEnded``).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        while !process.hasEnded { usleep(20_000) }
    }
}

enum BenchmarkError: Error {
    case serverDidNotStart
}

extension Process {
    /// Waits for the process to end. On Linux inside Swift concurrency Foundation may never reap
    /// the child (`waitUntilExit()` hangs and `isRunning` stays true for a zombie), so this reaps
    /// it itself.
    func exited() async {
        while !hasEnded { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// Whether the child has ended, reaping it if it is a zombie.
    var hasEnded: Bool {
        var status: Int32 = 0
        let result = waitpid(processIdentifier, &status, WNOHANG)
        return result == processIdentifier || (result == -1 && errno == ECHILD)
    }
}
