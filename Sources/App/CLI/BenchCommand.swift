import Adapters
import ArgumentParser
import Foundation
import Logging

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure storage throughput and latency on the configured database.")

    @Option(help: "Operations per measurement.") var events = 5000
    @Option(help: "Concurrent tasks issuing operations.") var concurrency = 8
    @Option(help: "Database URL to measure (default: KOPI_DATABASE_URL, else a temporary SQLite file).")
    var database: String?

    func run() async throws {
        let url = database ?? ProcessInfo.processInfo.environment["KOPI_DATABASE_URL"]
            ?? "sqlite:\(FileManager.default.temporaryDirectory.path)/kopi-bench-\(UUID().uuidString).db"
        let location = try DatabaseLocation(parsing: url)
        let keyring = try MasterKeyring(parsing: MasterKeyring.generateText())
        let storage = try await StorageFactory.open(
            location, sealer: AESGCMSecretSealer(keyring: keyring),
            migrationURL: ProcessInfo.processInfo.environment["KOPI_DATABASE_OWNER_URL"], maxConnections: concurrency)
        print("backend: \(location), \(events) operations, \(concurrency) concurrent tasks, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        for line in try await StorageBenchmark(storage: storage, events: events, concurrency: concurrency).run() {
            print(line)
        }
        if let rss = LatencyRecorder.peakRSSMegabytes() { print(String(format: "peak RSS: %.1f MiB", rss)) }
        await storage.close()
    }
}
