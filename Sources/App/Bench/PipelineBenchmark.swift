import Adapters
import Application
import Domain
import Fakes
import Foundation
import Ports

/// End to end, webhook to card: the fake Lark and a zero-latency fake Anthropic run here, `kopi
/// serve` runs as a second process, each claim carries a receipt of its own, and every instance's latency is measured from its push to
/// the moment the fake Lark received its card. Then approvers tap those cards while a second
/// batch of submissions is being processed, and each tap's answer time is measured (Lark wants
/// card callbacks answered within 3 s).
struct PipelineBenchmark {
    let database: DatabaseLocation
    let ownerURL: String?
    let submissions: Int
    let rate: Double

    func run() async throws -> [String] {
        let fakes = try await BenchFakes.start()
        defer { Task { await fakes.stop() } }
        let (lark, ai, app) = (fakes.lark, fakes.ai, fakes.app)
        await ai.state.setInvoiceNumberPerDocument(true)
        let masterKey = MasterKeyring.generateText()
        let ids = BenchIDs(count: submissions)
        let (tenantID, endpoint) = try await seed(app: app, masterKey: masterKey, fake: lark, ids: ids)

        let server = try ServerProcess.start(
            database: database, ownerURL: ownerURL, masterKey: masterKey, environment: fakes.serverEnvironment())
        defer { server.stop() }
        let http = CurlHTTPClient(threads: 8)
        try await server.waitUntilHealthy(http: http)

        let url = "\(server.baseURL)/lark/\(endpoint.value)/events"
        let requests = (0..<submissions).map { index in
            let payload = FakeLarkPayloads.approvalInstance(
                app: app, eventID: LarkIDs.eventID(), approvalCode: ids.approvalCode, instanceCode: ids.first[index],
                status: "PENDING")
            let delivery = FakeLarkPusher.delivery(payload, app: app)
            return HTTPClientRequest(method: "POST", url: url, headers: delivery.headers, body: delivery.body)
        }
        let cpuBefore = server.cpuSeconds
        let start = Date()
        let pushed = await LoadGenerator(http: http, concurrency: 8).run(requests, ratePerSecond: rate)
        var cards: [FakeSentCard] = []
        let deadline = Date().addingTimeInterval(120)
        while cards.count < submissions && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            cards = await lark.state.sentCards
        }
        let cpuAfter = server.cpuSeconds
        var latencies = LatencyRecorder()
        let keys = Dictionary(
            uniqueKeysWithValues: (0..<submissions).map {
                (CardIdempotencyKey.make(tenant: tenantID, instanceCode: ids.first[$0], taskID: ids.tasks[$0]), $0)
            })
        for card in cards {
            guard let index = keys[card.idempotencyKey] else { continue }
            let due = start.addingTimeInterval(Double(index) / rate)
            latencies.record(.milliseconds(Int(card.sentAt.timeIntervalSince(due) * 1000)))
        }
        var lines = [
            pushed.latencies.summary(name: "webhook acks at \(Int(rate))/s offered", elapsed: pushed.elapsed)
                + " statuses \(pushed.statuses)",
            latencies.latencySummary(name: "webhook → card sent (\(cards.count)/\(submissions) cards)"),
        ]
        if let cpuBefore, let cpuAfter {
            lines.append(
                String(
                    format: "kopi serve CPU per submission, webhook to card: %.2f ms (the fakes run in this process)",
                    1000 * (cpuAfter - cpuBefore) / Double(max(cards.count, 1))))
        }

        // Taps on the first batch's cards, while a second batch flows through the workers.
        let cardURL = "\(server.baseURL)/lark/\(endpoint.value)/card"
        var taps: [HTTPClientRequest] = []
        for card in cards {
            // What a Lark client sends for a tap on the card's Approve button (its form, nothing typed).
            guard let action = try? FakeCardClient.press("kopi_approve", on: card.content) else { continue }
            let payload = FakeLarkPayloads.cardAction(
                app: app, eventID: LarkIDs.eventID(), operatorOpenID: card.receiverOpenID, action: action,
                messageID: card.messageID, token: await answeredToken(lark, card.messageID))
            let delivery = FakeLarkPusher.delivery(payload, app: app)
            taps.append(
                HTTPClientRequest(
                    method: "POST", url: cardURL, headers: delivery.headers, body: delivery.body, timeout: .seconds(30))
            )
        }
        let second = (0..<submissions).map { index in
            let payload = FakeLarkPayloads.approvalInstance(
                app: app, eventID: LarkIDs.eventID(), approvalCode: ids.approvalCode, instanceCode: ids.second[index],
                status: "PENDING")
            let delivery = FakeLarkPusher.delivery(payload, app: app)
            return HTTPClientRequest(method: "POST", url: url, headers: delivery.headers, body: delivery.body)
        }
        async let background = LoadGenerator(http: http, concurrency: 4).run(second, ratePerSecond: rate)
        let tapped = await LoadGenerator(http: CurlHTTPClient(threads: 4), concurrency: 4).run(
            taps, ratePerSecond: rate / 2)
        _ = await background
        lines.append(
            tapped.latencies.summary(
                name: "card taps answered, at \(Int(rate / 2))/s while \(Int(rate))/s new submissions arrive",
                elapsed: tapped.elapsed) + " statuses \(tapped.statuses)")
        // Taps are answered at once and acted on in the background: wait for Lark's approvals.
        let settleDeadline = Date().addingTimeInterval(120)
        while await lark.state.decisions.count < taps.count && Date() < settleDeadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let settled = Date().timeIntervalSince(start)
        lines.append(
            String(
                format:
                    "approvals recorded in Lark: %d of %d taps, all within %.1f s of the first push; AI requests: %d",
                await lark.state.decisions.count, taps.count, settled, await ai.state.requests.count))
        if let rss = server.peakRSSMegabytes { lines.append(String(format: "server peak RSS: %.1f MiB", rss)) }
        return lines
    }

    /// The load generator does not report each answer, so the token is usable from the start:
    /// the benchmark measures Kopi's answers, not Lark's answer-before-update ordering.
    private func answeredToken(_ lark: FakeLarkServer, _ messageID: String) async -> String {
        let token = await lark.state.issueCallbackToken(messageID: messageID)
        await lark.state.markCallbackAnswered(token)
        return token
    }

    private func seed(app: FakeApp, masterKey: String, fake: FakeLarkServer, ids: BenchIDs) async throws -> (
        TenantID, EndpointID
    ) {
        let workspace = try await BenchWorkspace.withStorage(database, ownerURL: ownerURL, masterKey: masterKey) {
            storage in
            try await BenchWorkspace.create(
                in: storage, label: "Pipeline", approvalCode: ids.approvalCode, mapping: BenchClaim.mapping, app: app)
        }
        let tenant = workspace.tenant
        await fake.state.register(app)
        for index in 0..<(2 * submissions) {
            let code = index < submissions ? ids.first[index] : ids.second[index - submissions]
            // One receipt of its own per claim: every file goes to the AI, as in a real month.
            let name = "receipt-\(index).pdf"
            await fake.state.addFile(
                name: name, bytes: Array("%PDF-1.7 \(name) \(UUID())".utf8) + Array(repeating: 0x20, count: 30_000))
            await fake.state.addInstance(
                BenchClaim.instance(index: index, instanceCode: code, ids: ids, files: [fake.fileURL(name)]))
        }
        return (tenant.id, tenant.endpointID)
    }
}

/// Lark-shaped ids for a benchmark run: two batches of instances, their tasks, people.
struct BenchIDs {
    let approvalCode = LarkIDs.approvalCode()
    let first: [String]
    let second: [String]
    let tasks: [String]
    let employees = (0..<50).map { _ in LarkIDs.openID() }
    let approvers = (0..<10).map { _ in LarkIDs.openID() }

    init(count: Int) {
        first = (0..<count).map { _ in LarkIDs.instanceCode() }
        second = (0..<count).map { _ in LarkIDs.instanceCode() }
        tasks = (0..<(2 * count)).map { _ in LarkIDs.taskID() }
    }
}
