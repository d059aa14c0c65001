import Adapters
import Application
import Domain
import Fakes
import Foundation
import Ports

/// Webhook ingest by one `kopi serve`, then by two on the same database (pushes alternating
/// between them), with the same number of connections: how far ingest scales out.
struct ScaleOutBenchmark {
    let database: DatabaseLocation
    let ownerURL: String?
    let events: Int
    let concurrency: Int

    func run() async throws -> [String] {
        let masterKey = MasterKeyring.generateText()
        let app = BenchFakes.newApp()
        let endpoint = try await BenchWorkspace.withStorage(database, ownerURL: ownerURL, masterKey: masterKey) {
            try await BenchWorkspace.create(
                in: $0, label: "ScaleOut", approvalCode: WebhookBenchmark.approvalCode, app: app
            )
            .tenant.endpointID
        }
        // No workers: ingest alone is measured, not the jobs it queues.
        let environment = ["KOPI_WORKERS": "0"]
        let http = CurlHTTPClient(threads: concurrency)
        let generator = LoadGenerator(http: http, concurrency: concurrency)

        let one = try ServerProcess.start(
            database: database, ownerURL: ownerURL, masterKey: masterKey, environment: environment)
        defer { one.stop() }
        try await one.waitUntilHealthy(http: http)
        let single = await generator.run(pushes(app: app, endpoint: endpoint, prefix: "one", servers: [one]))

        let two = try ServerProcess.start(
            database: database, ownerURL: ownerURL, masterKey: masterKey, environment: environment)
        defer { two.stop() }
        try await two.waitUntilHealthy(http: http)
        let pair = await generator.run(pushes(app: app, endpoint: endpoint, prefix: "two", servers: [one, two]))

        let ratio = throughput(pair) / max(throughput(single), 1e-9)
        return [
            single.latencies.summary(name: "one instance, \(concurrency) connections", elapsed: single.elapsed)
                + " statuses \(single.statuses)",
            pair.latencies.summary(name: "two instances, \(concurrency) connections", elapsed: pair.elapsed)
                + " statuses \(pair.statuses)",
            String(format: "two instances / one: %.2fx", ratio),
        ]
    }

    private func throughput(_ outcome: LoadGenerator.Outcome) -> Double {
        Double(outcome.latencies.samples.count) / max(outcome.elapsed.timeInterval, 1e-9)
    }

    /// Signed, encrypted pushes prepared before timing, alternating between the servers.
    private func pushes(app: FakeApp, endpoint: EndpointID, prefix: String, servers: [ServerProcess])
        -> [HTTPClientRequest]
    {
        (0..<events).map { index in
            let payload = FakeLarkPayloads.approvalInstance(
                app: app, eventID: LarkIDs.stable(.eventID, "\(prefix)-\(index)"),
                approvalCode: WebhookBenchmark.approvalCode,
                instanceCode: LarkIDs.stable(.uuid, "\(prefix)-instance-\(index)"), status: "PENDING")
            let delivery = FakeLarkPusher.delivery(payload, app: app)
            return HTTPClientRequest(
                method: "POST", url: "\(servers[index % servers.count].baseURL)/lark/\(endpoint.value)/events",
                headers: delivery.headers, body: delivery.body, timeout: .seconds(10))
        }
    }
}
