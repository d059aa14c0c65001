import Adapters
import Application
import Domain
import Fakes
import Foundation
import Ports

/// Kopi's webhook beside the peer receiver written with Lark's official Python SDK, in one run:
/// a workspace is seeded, `kopi serve` starts on the database, and `compare-ingest` (the shared
/// script: wrk, alternating rounds, both `/healthz`) pushes the same kind of signed, encrypted
/// events at both. Prints the script's lines and the two ratios the issue asks for.
struct CompareIngestBenchmark {
    let database: DatabaseLocation
    let ownerURL: String?
    let script: String
    let seconds: Int
    let connections: Int

    func run() async throws -> [String] {
        let masterKey = MasterKeyring.generateText()
        let app = BenchFakes.newApp()
        let approvalCode = LarkIDs.approvalCode()
        let workspace = try await BenchWorkspace.withStorage(database, ownerURL: ownerURL, masterKey: masterKey) {
            try await BenchWorkspace.create(in: $0, label: "Compare", approvalCode: approvalCode, app: app)
        }
        // Ingest alone, as the peer does: no workers take the jobs while the pushes are measured.
        let server = try ServerProcess.start(
            database: database, ownerURL: ownerURL, masterKey: masterKey, environment: ["KOPI_WORKERS": "0"])
        let output: String
        do {
            try await server.waitUntilHealthy(http: CurlHTTPClient(threads: 1))
            let url = "\(server.baseURL)/lark/\(workspace.tenant.endpointID.value)/events"
            output = try await runScript(arguments: [
                url, app.encryptKey, app.verificationToken, app.appID, approvalCode, String(seconds),
                String(connections),
            ])
        } catch {
            server.stop()
            throw error
        }
        var lines = output.split(separator: "\n").map(String.init)
        lines.append(contentsOf: Self.ratios(from: lines))
        if let rss = server.peakRSSMegabytes { lines.append(String(format: "kopi peak RSS: %.1f MiB", rss)) }
        server.stop()
        return lines
    }

    private func runScript(arguments: [String]) async throws -> String {
        // Foundation starts the script as the leader of a process group of its own: whatever it
        // leaves running (the peer's gunicorn workers) is killed with the group once it ends, so
        // it never competes for the CPU with the next measurement.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script] + arguments
        // A file, not a pipe: the peer's gunicorn inherits the descriptor and may outlive the script.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("compare-ingest-\(UUID()).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        await process.exited()
        kill(-process.processIdentifier, SIGKILL)
        return try String(contentsOf: output, encoding: .utf8)
    }

    /// The best Kopi round against the best peer round, and against Kopi's own `/healthz`.
    static func ratios(from lines: [String]) -> [String] {
        func rates(_ prefix: String) -> [Double] {
            lines.filter { $0.hasPrefix(prefix) }.compactMap { line in
                line.split(separator: " ").first { $0.hasPrefix("rps=") }.flatMap { Double($0.dropFirst(4)) }
            }
        }
        guard let kopi = rates("kopi ingest").max(), let peer = rates("peer ingest").max() else { return [] }
        var result = [String(format: "kopi/peer ingest: %.2fx", kopi / peer)]
        if let health = rates("kopi healthz").first {
            result.append(String(format: "kopi ingest / kopi /healthz: %.0f%%", 100 * kopi / health))
        }
        return result
    }
}
