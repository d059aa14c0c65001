@testable import App
import Adapters
import Domain
import Fakes
import Foundation
import Logging
import Ports
import Synchronization
import Testing

@Suite("Lark webhooks")
struct LarkWebhookTests {
    func instanceEvent(_ harness: WebhookHarness, id: String = "evt-\(UUID().uuidString.prefix(8))", instance: String = "INST-1", status: String = "PENDING") -> Data {
        FakeLarkPayloads.approvalInstance(app: harness.app, eventID: id, approvalCode: "DEF-1", instanceCode: instance, status: status)
    }

    @Test("Challenges are answered when signed, or unsigned with the right token; a wrong token is refused")
    func challenge() async throws {
        let harness = try await WebhookHarness.make()
        try await harness.serve { base async throws in
            for (channel, signed) in [("events", true), ("card", false)] {
                let delivery = FakeLarkPusher.delivery(FakeLarkPayloads.challenge(app: harness.app, challenge: "ch-42"), app: harness.app, signed: signed)
                let (status, body) = try await harness.send(delivery, to: harness.url(base, channel))
                #expect(status == 200 && body == #"{"challenge":"ch-42"}"#)
            }
            let forged = FakeLarkPusher.delivery(FakeLarkPayloads.challenge(app: harness.app, challenge: "x", token: "guess"), app: harness.app, signed: false)
            #expect(try await harness.send(forged, to: harness.url(base)).0 == 401)
        }
    }

    @Test("An approval event is stored as metadata with its job, once, however often it is pushed")
    func storesOnce() async throws {
        let harness = try await WebhookHarness.make()
        try await harness.serve { base async throws in
            let delivery = FakeLarkPusher.delivery(instanceEvent(harness, id: "evt-once"), app: harness.app)
            for _ in 0..<3 {
                let (status, body) = try await harness.send(delivery, to: harness.url(base))
                #expect(status == 200 && body == #"{"msg":"success"}"#)
            }
            let stored = try #require(try await harness.inboxEvent("evt-once"))
            #expect(stored.type == "approval_instance" && stored.instanceCode == "INST-1" && stored.status == "PENDING" && stored.approvalCode == "DEF-1")
            let jobs = try await harness.queuedJobs()
            #expect(jobs.map(\.kind) == [.processInstance] && jobs.map(\.subject) == ["INST-1"])
        }
    }

    @Test("Final statuses and pending tasks queue the right job; a card tap is answered at once, not queued")
    func jobKinds() async throws {
        let harness = try await WebhookHarness.make()
        try await harness.serve { base async throws in
            let approved = FakeLarkPusher.delivery(instanceEvent(harness, id: "e-approved", instance: "INST-2", status: "APPROVED"), app: harness.app)
            let task = FakeLarkPusher.delivery(FakeLarkPayloads.approvalTask(app: harness.app, eventID: "e-task", approvalCode: "DEF-1", instanceCode: "INST-3", taskID: "t1", approverOpenID: "ou_boss", status: "PENDING"), app: harness.app)
            let tap = FakeLarkPusher.delivery(FakeLarkPayloads.cardAction(app: harness.app, eventID: "e-tap", operatorOpenID: "ou_boss", value: ["action": "opaque-id"], messageID: "om_1"), app: harness.app)
            #expect(try await harness.send(approved, to: harness.url(base)).0 == 200)
            #expect(try await harness.send(task, to: harness.url(base)).0 == 200)
            let (status, body) = try await harness.send(tap, to: harness.url(base, "card"))
            #expect(status == 200 && body.contains(#""type":"error""#) && body.contains("not one Kopi can act on"))
            let jobs = Dictionary(uniqueKeysWithValues: try await harness.queuedJobs().map { ($0.subject, $0.kind) })
            #expect(jobs == ["INST-2": .instanceStatusChanged, "INST-3": .processInstance])
        }
    }

    @Test("Unknown endpoint, bad signature, wrong token, another tenant's keys and undecryptable bodies: the same 401, nothing stored")
    func rejections() async throws {
        let harness = try await WebhookHarness.make()
        let stranger = FakeApp(appID: harness.app.appID, appSecret: "s", encryptKey: "someone-else", verificationToken: "someone-else-token")
        let wrongToken = FakeApp(appID: harness.app.appID, appSecret: "s", encryptKey: harness.app.encryptKey, verificationToken: "not-the-token")
        try await harness.serve { base async throws in
            let event = instanceEvent(harness, id: "evt-forged")
            let good = FakeLarkPusher.delivery(event, app: harness.app)
            var badSignature = good.headers
            badSignature[badSignature.count - 1].1 = String(repeating: "a", count: 64)
            let garbage = try JSONSerialization.data(withJSONObject: ["encrypt": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="])
            let timestamp = String(Int(Date().timeIntervalSince1970))
            let signedGarbage = [("Content-Type", "application/json"), ("X-Lark-Request-Timestamp", timestamp), ("X-Lark-Request-Nonce", "n"),
                                 ("X-Lark-Signature", LarkPushCrypto.signature(timestamp: timestamp, nonce: "n", key: harness.app.encryptKey, body: garbage))]
            let attempts: [(String, Data, [(String, String)])] = [
                (harness.url(base, endpoint: Fixtures.otherEndpoint), good.body, good.headers),
                (harness.url(base, endpoint: "not-an-endpoint"), good.body, good.headers),
                (harness.url(base), good.body, badSignature),
                (harness.url(base), FakeLarkPusher.delivery(event, app: stranger).body, FakeLarkPusher.delivery(event, app: stranger).headers),
                (harness.url(base), FakeLarkPusher.delivery(instanceEvent(WebhookHarness(storage: harness.storage, tenant: harness.tenant, app: wrongToken), id: "evt-forged"), app: wrongToken).body, []),
                (harness.url(base), garbage, signedGarbage),
                (harness.url(base), FakeLarkPusher.delivery(event, app: harness.app, timestamp: Date().addingTimeInterval(-8 * 3600)).body,
                 FakeLarkPusher.delivery(event, app: harness.app, timestamp: Date().addingTimeInterval(-8 * 3600)).headers),
                (harness.url(base), FakeLarkPusher.delivery(event, app: harness.app, signed: false).body, [("Content-Type", "application/json")]),
            ]
            for (url, body, headers) in attempts {
                let (status, reply) = try await harness.post(url, body: body, headers: headers.isEmpty ? [("Content-Type", "application/json")] : headers)
                #expect(status == 401 && reply == #"{"error":"unauthorized"}"#)
            }
            #expect(try await harness.inboxEvent("evt-forged") == nil)
            #expect(try await harness.queuedJobs().isEmpty)
        }
    }

    @Test("Oversized bodies are 413, other content types 415, authenticated nonsense 400")
    func badInput() async throws {
        let harness = try await WebhookHarness.make()
        try await harness.serve { base async throws in
            let huge = Data(repeating: 0x20, count: (1 << 20) + 1)
            #expect(try await harness.post(harness.url(base), body: huge, headers: [("Content-Type", "application/json")]).0 == 413)
            #expect(try await harness.post(harness.url(base), body: Data("{}".utf8), headers: [("Content-Type", "text/plain")]).0 == 415)
            let nonsense = FakeLarkPusher.delivery(Data(#"{"token":"webhook-verify-token"}"#.utf8), app: harness.app)
            #expect(try await harness.send(nonsense, to: harness.url(base)).0 == 400)
        }
    }

    @Test("A push that fails while storage is down is re-sent on Lark's schedule and stored once")
    func retriedUntilStored() async throws {
        let inner = InMemoryStorage(sealer: TestServices.sealer)
        let flaky = FlakyStorage(inner: inner, failures: 2)
        let seeded = try await WebhookHarness.make(storage: inner)
        let harness = WebhookHarness(storage: flaky, tenant: seeded.tenant, app: seeded.app)
        try await harness.serve { base async throws in
            let delivery = FakeLarkPusher.delivery(instanceEvent(harness, id: "evt-retried"), app: harness.app)
            let statuses = await harness.pusher.push(delivery, to: harness.url(base), timeScale: 1.0 / 36_000)
            #expect(statuses == [503, 503, 200])
            #expect(try await harness.inboxEvent("evt-retried") != nil)
            #expect(try await harness.queuedJobs().count == 1)
        }
    }

    @Test("Logs carry event metadata, never keys, tokens or bodies")
    func logs() async throws {
        let harness = try await WebhookHarness.make()
        let capture = LogCapture()
        let logger = capture.logger()
        try await harness.serve(logger: logger) { base async throws in
            _ = try await harness.send(FakeLarkPusher.delivery(instanceEvent(harness, id: "evt-logged"), app: harness.app), to: harness.url(base))
            _ = try await harness.send(FakeLarkPusher.delivery(instanceEvent(harness), app: FakeApp(appID: "x", appSecret: "x", encryptKey: "x", verificationToken: "x")), to: harness.url(base))
        }
        let text = capture.text
        #expect(text.contains("evt-logged") && text.contains("INST-1"))
        for secret in [harness.app.encryptKey, harness.app.verificationToken, "encrypt"] { #expect(!text.contains(secret)) }
    }
}

enum Fixtures {
    static let otherEndpoint = String(repeating: "ab", count: 16)
}

/// A storage whose first `failures` tenant transactions fail as if the database were down.
final class FlakyStorage: Storage {
    let inner: any Storage
    private let remaining: Mutex<Int>

    init(inner: any Storage, failures: Int) {
        self.inner = inner
        remaining = Mutex(failures)
    }

    func withTenant<Result: Sendable>(_ tenantID: TenantID, _ body: @Sendable (any TenantScope) async throws -> Result) async throws -> Result {
        let fail = remaining.withLock { count in
            defer { count -= 1 }
            return count > 0
        }
        if fail { throw StoreError.unavailable(reason: "test") }
        return try await inner.withTenant(tenantID, body)
    }

    var directory: any TenantDirectory { inner.directory }
    var jobs: any JobQueue { inner.jobs }
    var auth: any AuthStore { inner.auth }
    func ping() async throws { try await inner.ping() }
}
