import Adapters
import Application
import Domain
import Fakes
import Foundation
import Ports

/// Webhook ingest measured end to end: a tenant is seeded, `kopi serve` runs as a separate
/// process on the same database, and signed, encrypted approval events are pushed at it. Ingest
/// alone (`KOPI_WORKERS=0`), as `compare-ingest` measures it: this run has no Lark for the jobs,
/// and 16 workers failing together on an unreachable Lark every few seconds were a load of the
/// benchmark's own making (`pipeline` measures acks with the workers running).
struct WebhookBenchmark {
    let database: DatabaseLocation
    let ownerURL: String?
    let events: Int
    let concurrency: Int
    let rate: Double

    func run() async throws -> [String] {
        let masterKey = MasterKeyring.generateText()
        let app = BenchFakes.newApp()
        let endpoint = try await seed(app: app, masterKey: masterKey)
        let server = try ServerProcess.start(
            database: database, ownerURL: ownerURL, masterKey: masterKey, environment: ["KOPI_WORKERS": "0"])
        defer { server.stop() }
        let http = CurlHTTPClient(threads: concurrency)
        let base = server.baseURL
        try await server.waitUntilHealthy(http: http)
        let generator = LoadGenerator(http: http, concurrency: concurrency)
        let url = "\(base)/lark/\(endpoint.value)/events"

        var lines = ["ingest only (KOPI_WORKERS=0): every push's job is queued, none is run"]
        let sustained = await generator.run(pushes(app: app, url: url, prefix: "max"))
        lines.append(
            sustained.latencies.summary(
                name: "webhook ingest, max rate (\(concurrency) connections)", elapsed: sustained.elapsed)
                + " statuses \(sustained.statuses)")
        let fixed = await generator.run(pushes(app: app, url: url, prefix: "fixed"), ratePerSecond: rate)
        lines.append(
            fixed.latencies.summary(name: "webhook ingest at \(Int(rate))/s offered", elapsed: fixed.elapsed)
                + " statuses \(fixed.statuses)")
        let duplicates = await generator.run(pushes(app: app, url: url, prefix: "max"))
        lines.append(
            duplicates.latencies.summary(name: "webhook duplicates (all already stored)", elapsed: duplicates.elapsed)
                + " statuses \(duplicates.statuses)")
        let health = await generator.run(
            Array(repeating: HTTPClientRequest(method: "GET", url: "\(base)/healthz"), count: events))
        lines.append(health.latencies.summary(name: "GET /healthz, max rate", elapsed: health.elapsed))
        let ratio = throughput(health) / max(throughput(sustained), 1)
        lines.append(
            String(
                format: "healthz/webhook throughput ratio: %.1fx (the cost of authentication, decryption and dedup)",
                ratio))
        if let rss = server.peakRSSMegabytes { lines.append(String(format: "server peak RSS: %.1f MiB", rss)) }
        return lines
    }

    private func throughput(_ outcome: LoadGenerator.Outcome) -> Double {
        let seconds = outcome.elapsed.timeInterval
        return Double(outcome.latencies.samples.count) / max(seconds, 1e-9)
    }

    /// The monitored flow's approval code: every push enqueues a job, as in production.
    static let approvalCode = LarkIDs.stable(.uuid, "bench-flow")

    /// Prepared before timing starts: encryption and signing are Lark's cost, not Kopi's. The
    /// same prefix gives the same event ids, so a second run is all duplicates.
    private func pushes(app: FakeApp, url: String, prefix: String) -> [HTTPClientRequest] {
        (0..<events).map { index in
            let payload = FakeLarkPayloads.approvalInstance(
                app: app, eventID: LarkIDs.stable(.eventID, "\(prefix)-\(index)"), approvalCode: Self.approvalCode,
                instanceCode: LarkIDs.stable(.uuid, "\(prefix)-instance-\(index)"), status: "PENDING")
            let delivery = FakeLarkPusher.delivery(payload, app: app)
            return HTTPClientRequest(
                method: "POST", url: url, headers: delivery.headers, body: delivery.body, timeout: .seconds(10))
        }
    }

    private func seed(app: FakeApp, masterKey: String) async throws -> EndpointID {
        let workspace = try await BenchWorkspace.withStorage(database, ownerURL: ownerURL, masterKey: masterKey) {
            storage in
            try await BenchWorkspace.create(in: storage, label: "Bench", approvalCode: Self.approvalCode, app: app)
        }
        let tenant = workspace.tenant
        return tenant.endpointID
    }
}
