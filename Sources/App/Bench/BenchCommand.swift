import Adapters
import Application
import ArgumentParser
import Foundation
import Logging

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kopi-bench", abstract: "Measure throughput and latency; prints figures, asserts nothing.",
        subcommands: [
            StorageBench.self, WebhookBench.self, CompareIngestBench.self, BurstBench.self, CheckBench.self,
            PipelineBench.self,
            DashboardBench.self, ScaleOutBench.self,
        ],
        defaultSubcommand: StorageBench.self)
}

/// Options shared by the benchmarks.
struct BenchOptions: ParsableArguments {
    @Option(help: "Operations per measurement.") var events = 5000
    @Option(help: "Concurrent tasks (or connections) issuing operations.") var concurrency = 8
    @Option(help: "Database URL to measure (default: KOPI_DATABASE_URL, else a temporary SQLite file).")
    var database: String?

    func location() throws -> DatabaseLocation {
        let url =
            database ?? ProcessInfo.processInfo.environment["KOPI_DATABASE_URL"]
            ?? "sqlite:\(FileManager.default.temporaryDirectory.path)/kopi-bench-\(UUID().uuidString).db"
        return try DatabaseLocation(parsing: url)
    }

    var ownerURL: String? { ProcessInfo.processInfo.environment["KOPI_DATABASE_OWNER_URL"] }
}

struct WebhookBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Push signed, encrypted Lark events at `kopi serve` running in a second process.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Offered rate, events per second, for the fixed-rate run.") var rate = 1000.0

    func run() async throws {
        let location = try options.location()
        print(
            "backend: \(location), \(options.events) events per run, \(options.concurrency) connections, \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        let benchmark = WebhookBenchmark(
            database: location, ownerURL: options.ownerURL, events: options.events, concurrency: options.concurrency,
            rate: rate)
        for line in try await benchmark.run() { print(line) }
    }
}

struct ScaleOutBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale-out",
        abstract: "Webhook ingest by one kopi serve, then by two on the same database (Postgres), side by side.")

    @OptionGroup var options: BenchOptions

    func run() async throws {
        let location = try options.location()
        print(
            "backend: \(location), \(options.events) events per run, \(options.concurrency) connections, \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        let benchmark = ScaleOutBenchmark(
            database: location, ownerURL: options.ownerURL, events: options.events, concurrency: options.concurrency)
        for line in try await benchmark.run() { print(line) }
    }
}

struct CompareIngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-ingest",
        abstract: "Kopi's webhook and the Python-SDK peer side by side (wrk, same pushes, both /healthz).")

    @OptionGroup var options: BenchOptions
    @Option(help: "The shared side-by-side script.") var script = "../shared/bench/compare-ingest"
    @Option(help: "Seconds per round.") var seconds = 10

    func run() async throws {
        let location = try options.location()
        print(
            "backend: \(location), \(options.concurrency) connections, \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        let benchmark = CompareIngestBenchmark(
            database: location, ownerURL: options.ownerURL, script: script, seconds: seconds,
            connections: options.concurrency)
        for line in try await benchmark.run() { print(line) }
    }
}

struct BurstBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "burst",
        abstract: "Month-end burst: claims with their own invoices, an AI taking seconds; webhook → card latency.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Claims in the burst.") var claims = 300
    @Option(help: "Invoices per claim, each read by the AI.") var invoices = 2
    @Option(help: "Claims pushed per second.") var rate = 20.0
    @Option(help: "The AI's mean answer time, seconds.") var aiLatency = 4.0
    @Option(help: "The AI's answer time varies by up to this much either way, seconds.") var aiJitter = 2.0
    @Option(help: "KOPI_WORKERS for the server.") var workers = 64
    @Option(help: "KOPI_AI_CONCURRENCY for the server.") var aiConcurrency = 64

    func run() async throws {
        let location = try options.location()
        print("backend: \(location), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let benchmark = BurstBenchmark(
            database: location, ownerURL: options.ownerURL, claims: claims, invoicesPerClaim: invoices, rate: rate,
            aiSeconds: max(0, aiLatency - aiJitter)...(aiLatency + aiJitter), workers: workers,
            aiConcurrency: aiConcurrency)
        for line in try await benchmark.run() { print(line) }
    }
}

struct StorageBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Inbox insert-if-absent and job claim/complete on the configured database.")

    @OptionGroup var options: BenchOptions

    func run() async throws {
        let location = try options.location()
        let events = options.events
        let concurrency = options.concurrency
        let keyring = try MasterKeyring(parsing: MasterKeyring.generateText())
        let storage = try await StorageFactory.open(
            location, sealer: AESGCMSecretSealer(keyring: keyring),
            migrationURL: options.ownerURL, maxConnections: concurrency)
        print(
            "backend: \(location), \(events) operations, \(concurrency) concurrent tasks, \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        for line in try await StorageBenchmark(storage: storage, events: events, concurrency: concurrency).run() {
            print(line)
        }
        if let rss = LatencyRecorder.peakRSSMegabytes() { print(String(format: "peak RSS: %.1f MiB", rss)) }
        await storage.close()
    }
}

struct CheckBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check engine time per submission with a large tenant history.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Historical submissions seeded into the tenant.") var history = 100_000
    @Option(help: "Learned patterns seeded into the tenant.") var patterns = 10_000

    func run() async throws {
        let location = try options.location()
        let keyring = try MasterKeyring(parsing: MasterKeyring.generateText())
        let storage = try await StorageFactory.open(
            location, sealer: AESGCMSecretSealer(keyring: keyring), migrationURL: options.ownerURL)
        print("backend: \(location), \(history) historical submissions, \(patterns) patterns, \(options.events) checks")
        // Measured as a workspace in use, not straight after a bulk load: Postgres plans the
        // history's reads from statistics autoanalyze has not gathered yet.
        let benchmark = CheckBenchmark(
            storage: storage, history: history, patterns: patterns, submissions: options.events,
            afterSeeding: { [ownerURL = options.ownerURL] in
                try await StorageFactory.vacuum(location, ownerURL: ownerURL)
            })
        for line in try await benchmark.run() { print(line) }
        if let rss = LatencyRecorder.peakRSSMegabytes() { print(String(format: "peak RSS: %.1f MiB", rss)) }
        await storage.close()
    }
}

struct PipelineBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline", abstract: "Webhook to card end to end, with the fake Lark and a zero-latency fake AI.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Offered rate, submissions per second.") var rate = 50.0

    func run() async throws {
        let location = try options.location()
        let events = min(options.events, 20_000)
        print("backend: \(location), \(events) submissions at \(Int(rate))/s")
        let benchmark = PipelineBenchmark(
            database: location, ownerURL: options.ownerURL, submissions: events, rate: rate)
        for line in try await benchmark.run() { print(line) }
    }
}

struct DashboardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract:
            "Signed-in API and page reads against a workspace with a year of history, `kopi serve` in a second process."
    )

    @OptionGroup var options: BenchOptions
    @Option(help: "Checked submissions seeded into the workspace.") var history = 50_000

    func run() async throws {
        let location = try options.location()
        let requests = min(options.events, 2000)
        print(
            "backend: \(location), \(history) submissions, \(requests) requests per list/audit target, \(options.concurrency) connections"
        )
        let benchmark = DashboardBenchmark(
            database: location, ownerURL: options.ownerURL, history: history, requests: requests,
            concurrency: options.concurrency)
        for line in try await benchmark.run() { print(line) }
    }
}
