import Adapters
import Domain
import Fakes
import Foundation
import Hummingbird
import HummingbirdTesting
import Ports
import Testing

@testable import Application
@testable import HTTP
@testable import Kopi

@Suite("Metrics")
struct MetricsTests {
    static let token = String(repeating: "9f3a", count: 10)

    @Test(
        "GET /metrics counts a claim's whole path — pushes by outcome, ack times, jobs, Lark and AI calls, cards, taps, sign-ins, rate limits — behind a token, with no tenant data in it"
    )
    func wholePath() async throws {
        let world = try await PipelineWorld.make(composedWith: ["KOPI_METRICS_TOKEN": Self.token])
        defer { Task { await world.stop() } }

        let event = world.instanceEvent()
        try await world.push(event)
        try await world.push(event)
        try await world.harness.serve(services: world.services) { base in
            let (status, _) = try await world.harness.post(
                world.harness.url(base), body: Data(#"{"encrypt":"bm90IGEgcHVzaA=="}"#.utf8),
                headers: [("Content-Type", "application/json")])
            #expect(status == 401)
        }
        await world.drain()
        #expect(await world.lark.state.sentCards.count == 1)
        _ = try await world.tap("approve")
        await world.drain()

        let signIn = SignInService(services: world.services)
        let link = try await signIn.issueLink(for: EmailAddress("ana@example.com")!)
        let token = try #require(link.components(separatedBy: "#token=").last)
        #expect(try await signIn.redeem(token, from: "203.0.113.7") != nil)
        for _ in 0..<SignInService.addressLimits.perMinute {
            #expect(try await signIn.redeem("not-a-link", from: "198.51.100.9") == nil)
        }
        await #expect(throws: ApplicationError.rateLimited) {
            try await signIn.redeem("not-a-link", from: "198.51.100.9")
        }

        var options = KopiRouter.Options()
        options.metricsToken = Self.token
        let router = KopiRouter.build(world.services, options: options)
        let exposition = try await Application(router: router).test(.router) { client async throws -> String in
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(String(Self.token.reversed()))"]
            ) { #expect($0.status == .unauthorized) }
            return try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(Self.token)"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                return String(buffer: response.body)
            }
        }
        let samples = PrometheusSamples(exposition)

        #expect(samples["kopi_lark_pushes_total", ["channel": "events", "outcome": "stored"]] == 1)
        #expect(samples["kopi_lark_pushes_total", ["channel": "events", "outcome": "duplicate"]] == 1)
        #expect(samples["kopi_lark_pushes_total", ["channel": "events", "outcome": "unauthenticated"]] == 1)
        #expect(samples["kopi_lark_pushes_total", ["channel": "card", "outcome": "tap"]] == 1)
        #expect(samples["kopi_lark_push_ack_seconds_count", ["channel": "events"]] == 3)
        #expect(samples["kopi_lark_push_ack_seconds_count", ["channel": "card"]] == 1)
        #expect(samples["kopi_lark_push_ack_seconds_bucket", ["channel": "events", "le": "+Inf"]] == 3)
        #expect(samples.total("kopi_card_taps_total") == 1)

        #expect(samples["kopi_job_attempts_total", ["kind": "process_instance", "outcome": "done"]] == 1)
        #expect(samples["kopi_job_attempts_total", ["kind": "card_action", "outcome": "done"]] == 1)
        #expect(samples["kopi_job_run_seconds_count", ["kind": "process_instance"]] == 1)
        #expect(samples["kopi_job_wait_seconds_count", ["kind": "card_action"]] == 1)
        #expect(samples["kopi_jobs", ["kind": "process_instance", "state": "done"]] == 1)
        #expect(samples["kopi_jobs", ["kind": "card_action", "state": "done"]] == 1)
        #expect(samples["kopi_jobs", ["kind": "process_instance", "state": "queued"]] == 0)

        #expect(samples["kopi_lark_calls_total", ["endpoint": "instance", "outcome": "ok"]] ?? 0 >= 1)
        #expect(samples["kopi_lark_calls_total", ["endpoint": "attachment_download", "outcome": "ok"]] == 1)
        #expect(samples["kopi_lark_calls_total", ["endpoint": "message_send", "outcome": "ok"]] == 1)
        #expect(samples["kopi_lark_calls_total", ["endpoint": "task_decide", "outcome": "ok"]] == 1)
        #expect(samples["kopi_lark_call_seconds_count", ["endpoint": "message_send"]] == 1)
        #expect(samples["kopi_ai_calls_total", ["outcome": "ok"]] == 1)
        #expect(samples["kopi_ai_call_seconds_count", ["outcome": "ok"]] == 1)
        let checked = try #require(try await world.submission())
        let verdict = try #require(
            try await world.storage.withTenant(world.tenantID) { try await $0.approvals.latestCheck(for: checked.id) }
        ).verdict
        #expect(samples["kopi_cards_sent_total", ["verdict": verdict.rawValue]] == 1)
        #expect(samples.total("kopi_cards_sent_total") == 1)

        #expect(samples["kopi_sign_ins_total", ["method": "magic_link", "outcome": "success"]] == 1)
        #expect(
            samples["kopi_sign_ins_total", ["method": "magic_link", "outcome": "failure"]]
                == Double(SignInService.addressLimits.perMinute))
        #expect(samples["kopi_rate_limit_refusals_total", ["limit": "sign_in_redeem"]] == 1)

        // Labels are Kopi's own words: nothing of the tenant, the claim or the people in it.
        let submission = try #require(try await world.submission())
        for secret in [
            world.tenantID.description, world.harness.tenant.name, world.instanceCode, world.approver,
            world.applicant, world.approvalCode, submission.id.description, PipelineWorld.canaryForm,
            "ana@example.com", "203.0.113.7",
        ] {
            #expect(!exposition.contains(secret), "\(secret) appears in the metrics")
        }
    }
}

/// The samples of a Prometheus text exposition, by name and label set.
struct PrometheusSamples {
    private var values: [String: [[String: String]: Double]] = [:]

    init(_ text: String) {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let series = line[..<space]
            var labels: [String: String] = [:]
            var name = String(series)
            if let open = series.firstIndex(of: "{"), series.hasSuffix("}") {
                name = String(series[..<open])
                for pair in series[series.index(after: open)..<series.index(before: series.endIndex)].split(
                    separator: ",")
                {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2 else { continue }
                    labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
                }
            }
            values[name, default: [:]][labels] = value
        }
    }

    subscript(name: String, labels: [String: String]) -> Double? { values[name]?[labels] }

    func total(_ name: String) -> Double { values[name]?.values.reduce(0, +) ?? 0 }
}
