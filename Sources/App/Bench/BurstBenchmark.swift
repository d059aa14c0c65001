import Adapters
import Application
import Domain
import Fakes
import Foundation
import Ports

/// Month-end: many claims at once, each with its own invoices, and an AI that takes seconds to
/// answer. The fake Lark and the fake Anthropic (answering in `aiSeconds`) run here, `kopi
/// serve` in a second process with the given workers and AI concurrency; every claim's latency
/// is measured from its push to the moment its card reached Lark.
struct BurstBenchmark {
    let database: DatabaseLocation
    let ownerURL: String?
    let claims: Int
    let invoicesPerClaim: Int
    let rate: Double
    let aiSeconds: ClosedRange<Double>
    let workers: Int
    let aiConcurrency: Int

    func run() async throws -> [String] {
        let fakes = try await BenchFakes.start()
        let (lark, ai, app) = (fakes.lark, fakes.ai, fakes.app)
        await ai.state.setLatency(aiSeconds)
        await ai.state.setInvoiceNumberPerDocument(true)
        let masterKey = MasterKeyring.generateText()
        let ids = BenchIDs(count: claims)
        let (tenantID, endpoint) = try await seed(app: app, masterKey: masterKey, fake: lark, ids: ids)
        let server = try ServerProcess.start(
            database: database, ownerURL: ownerURL, masterKey: masterKey,
            environment: fakes.serverEnvironment([
                "KOPI_WORKERS": String(workers), "KOPI_AI_CONCURRENCY": String(aiConcurrency),
            ]))
        defer { server.stop() }
        let http = CurlHTTPClient(threads: 8)
        try await server.waitUntilHealthy(http: http)

        let url = "\(server.baseURL)/lark/\(endpoint.value)/events"
        let requests = (0..<claims).map { index in
            let payload = FakeLarkPayloads.approvalInstance(
                app: app, eventID: LarkIDs.eventID(), approvalCode: ids.approvalCode, instanceCode: ids.first[index],
                status: "PENDING")
            let delivery = FakeLarkPusher.delivery(payload, app: app)
            return HTTPClientRequest(method: "POST", url: url, headers: delivery.headers, body: delivery.body)
        }
        let start = Date()
        let pushed = await LoadGenerator(http: http, concurrency: 8).run(requests, ratePerSecond: rate)
        var cards: [FakeSentCard] = []
        let deadline = Date().addingTimeInterval(600)
        while cards.count < claims && Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            cards = await lark.state.sentCards
        }
        let keys = Dictionary(
            uniqueKeysWithValues: (0..<claims).map {
                (CardIdempotencyKey.make(tenant: tenantID, instanceCode: ids.first[$0], taskID: ids.tasks[$0]), $0)
            })
        var latencies = LatencyRecorder()
        for card in cards {
            guard let index = keys[card.idempotencyKey] else { continue }
            let due = start.addingTimeInterval(Double(index) / rate)
            latencies.record(.milliseconds(Int(card.sentAt.timeIntervalSince(due) * 1000)))
        }
        let aiRequests = await ai.state.requests.count
        var lines = [
            String(
                format: "burst: %d claims × %d invoices pushed at %.0f/s; AI answers in %.1f–%.1f s; "
                    + "KOPI_WORKERS=%d KOPI_AI_CONCURRENCY=%d", claims, invoicesPerClaim, rate,
                aiSeconds.lowerBound, aiSeconds.upperBound, workers, aiConcurrency),
            pushed.latencies.summary(name: "webhook acks", elapsed: pushed.elapsed) + " statuses \(pushed.statuses)",
            latencies.latencySummary(name: "webhook → card sent (\(cards.count)/\(claims) cards)"),
            "AI requests: \(aiRequests), at most \(await ai.state.peakInFlight) in flight at once",
        ]
        if let rss = server.peakRSSMegabytes { lines.append(String(format: "server peak RSS: %.1f MiB", rss)) }
        await fakes.stop()
        return lines
    }

    private func seed(app: FakeApp, masterKey: String, fake: FakeLarkServer, ids: BenchIDs) async throws -> (
        TenantID, EndpointID
    ) {
        let workspace = try await BenchWorkspace.withStorage(database, ownerURL: ownerURL, masterKey: masterKey) {
            storage in
            try await BenchWorkspace.create(
                in: storage, label: "Burst", approvalCode: ids.approvalCode, mapping: BenchClaim.mapping, app: app)
        }
        await fake.state.register(app)
        for index in 0..<claims {
            // Each invoice its own bytes, so none is recognised by content hash: every one goes to the AI.
            var urls: [String] = []
            for invoice in 0..<invoicesPerClaim {
                let name = "claim-\(index)-invoice-\(invoice).pdf"
                await fake.state.addFile(
                    name: name, bytes: Array("%PDF-1.7 \(name) \(UUID())".utf8) + Array(repeating: 0x20, count: 30_000))
                urls.append(fake.fileURL(name))
            }
            await fake.state.addInstance(
                BenchClaim.instance(index: index, instanceCode: ids.first[index], ids: ids, files: urls))
        }
        return (workspace.tenant.id, workspace.tenant.endpointID)
    }
}
