import Domain
import Fakes
import Foundation
import Logging
import Ports
import Synchronization
import Testing

@testable import Adapters
@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Lark webhooks")
struct LarkWebhookTests {
    func instanceEvent(
        _ harness: WebhookHarness, id: String = LarkIDs.eventID(), instance: String = LarkIDs.instanceCode(),
        status: String = "PENDING",
        approvalCode: String? = nil
    ) -> Data {
        FakeLarkPayloads.approvalInstance(
            app: harness.app, eventID: id, approvalCode: approvalCode ?? harness.flow.approvalCode,
            instanceCode: instance, status: status)
    }

    @Test("Challenges are answered when signed, or unsigned with the right token; a wrong token is refused")
    func challenge() async throws {
        let harness = try await WebhookHarness.make()
        try await harness.serve { base async throws in
            for (channel, signed) in [("events", true), ("card", false)] {
                let delivery = FakeLarkPusher.delivery(
                    FakeLarkPayloads.challenge(app: harness.app, challenge: "ch-42"), app: harness.app, signed: signed)
                let (status, body) = try await harness.send(delivery, to: harness.url(base, channel))
                #expect(status == 200 && body == #"{"challenge":"ch-42"}"#)
            }
            let forged = FakeLarkPusher.delivery(
                FakeLarkPayloads.challenge(app: harness.app, challenge: "x", token: "guess"), app: harness.app,
                signed: false)
            #expect(try await harness.send(forged, to: harness.url(base)).0 == 401)
        }
    }

    @Test("An approval event is stored as metadata with its job, once, however often it is pushed")
    func storesOnce() async throws {
        let harness = try await WebhookHarness.make()
        let (event, instance) = (LarkIDs.eventID(), LarkIDs.instanceCode())
        try await harness.serve { base async throws in
            let delivery = FakeLarkPusher.delivery(
                instanceEvent(harness, id: event, instance: instance), app: harness.app)
            for _ in 0..<3 {
                let (status, body) = try await harness.send(delivery, to: harness.url(base))
                #expect(status == 200 && body == #"{"msg":"success"}"#)
            }
            let stored = try #require(try await harness.inboxEvent(event))
            #expect(stored.type == "approval_instance" && stored.instanceCode == instance && stored.status == "PENDING")
            #expect(stored.approvalCode == harness.flow.approvalCode)
            let jobs = try await harness.queuedJobs()
            #expect(jobs.map(\.kind) == [.processInstance] && jobs.map(\.subject) == [instance])
        }
    }

    @Test(
        "Pending events process, other statuses (instance or task) synchronise, other definitions get no job, a bad tap is refused"
    )
    func jobKinds() async throws {
        let harness = try await WebhookHarness.make()
        let (approved, pending, taskDone, foreign) = (
            LarkIDs.instanceCode(), LarkIDs.instanceCode(), LarkIDs.instanceCode(), LarkIDs.instanceCode()
        )
        let approver = LarkIDs.openID()
        @Sendable func task(_ instance: String, _ status: String) -> FakeLarkPusher.Delivery {
            FakeLarkPusher.delivery(
                FakeLarkPayloads.approvalTask(
                    app: harness.app, eventID: LarkIDs.eventID(), approvalCode: harness.flow.approvalCode,
                    instanceCode: instance,
                    taskID: LarkIDs.taskID(), approverOpenID: approver, status: status), app: harness.app)
        }
        try await harness.serve { base async throws in
            let deliveries = [
                FakeLarkPusher.delivery(
                    instanceEvent(harness, instance: approved, status: "APPROVED"), app: harness.app),
                task(pending, "PENDING"), task(taskDone, "TRANSFERRED"),
                FakeLarkPusher.delivery(
                    instanceEvent(harness, instance: foreign, approvalCode: LarkIDs.approvalCode()), app: harness.app),
            ]
            for delivery in deliveries { #expect(try await harness.send(delivery, to: harness.url(base)).0 == 200) }
            let tap = FakeLarkPusher.delivery(
                FakeLarkPayloads.cardAction(
                    app: harness.app, eventID: LarkIDs.eventID(), operatorOpenID: approver,
                    value: ["action": "opaque-id"], messageID: LarkIDs.messageID()),
                app: harness.app)
            let (status, body) = try await harness.send(tap, to: harness.url(base, "card"))
            #expect(status == 200 && body.contains(#""type":"error""#) && body.contains("not one Kopi can act on"))
            let jobs = Dictionary(uniqueKeysWithValues: try await harness.queuedJobs().map { ($0.subject, $0.kind) })
            #expect(
                jobs == [approved: .instanceStatusChanged, pending: .processInstance, taskDone: .instanceStatusChanged])
        }
    }

    @Test("An event of a definition Kopi does not monitor is acknowledged and dropped without any Lark call")
    func unmonitoredDropped() async throws {
        let lark = try await FakeLarkServer.start()
        defer { Task { await lark.stop() } }
        let harness = try await WebhookHarness.make()
        await lark.state.register(harness.app)
        let services = TestServices.make(storage: harness.storage, larkBaseURL: lark.baseURL)
        let worker = Worker(services: services, name: "w")
        let event = LarkIDs.eventID()
        try await harness.serve(services: services) { base async throws in
            let foreign = FakeLarkPusher.delivery(
                instanceEvent(harness, id: event, approvalCode: LarkIDs.approvalCode()), app: harness.app)
            #expect(try await harness.send(foreign, to: harness.url(base)) == (200, #"{"msg":"success"}"#))
        }
        while await worker.runOnce() {}
        #expect(try await harness.inboxEvent(event) != nil, "kept for deduplication")
        #expect(try await harness.queuedJobs().isEmpty)
        #expect(await lark.state.requests.isEmpty)
    }

    @Test(
        "Unknown endpoint, bad signature, wrong token, another tenant's keys and undecryptable bodies: the same 401, nothing stored"
    )
    func rejections() async throws {
        let harness = try await WebhookHarness.make()
        let stranger = FakeApp(
            appID: harness.app.appID, appSecret: LarkIDs.secret(), encryptKey: LarkIDs.secret(),
            verificationToken: LarkIDs.secret())
        let wrongToken = FakeApp(
            appID: harness.app.appID, appSecret: LarkIDs.secret(), encryptKey: harness.app.encryptKey,
            verificationToken: LarkIDs.secret())
        let forgedID = LarkIDs.eventID()
        try await harness.serve { base async throws in
            let event = instanceEvent(harness, id: forgedID)
            let good = FakeLarkPusher.delivery(event, app: harness.app)
            var badSignature = good.headers
            badSignature[badSignature.count - 1].1 = String(repeating: "a", count: 64)
            let garbage = try JSONSerialization.data(withJSONObject: [
                "encrypt": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
            ])
            let timestamp = String(Int(Date().timeIntervalSince1970))
            let signedGarbage = [
                ("Content-Type", "application/json"), ("X-Lark-Request-Timestamp", timestamp),
                ("X-Lark-Request-Nonce", "n"),
                (
                    "X-Lark-Signature",
                    LarkPushCrypto.signature(
                        timestamp: timestamp, nonce: "n", key: harness.app.encryptKey, body: garbage)
                ),
            ]
            let attempts: [(String, Data, [(String, String)])] = [
                (harness.url(base, endpoint: Fixtures.otherEndpoint), good.body, good.headers),
                (harness.url(base, endpoint: "not-an-endpoint"), good.body, good.headers),
                (harness.url(base), good.body, badSignature),
                (
                    harness.url(base), FakeLarkPusher.delivery(event, app: stranger).body,
                    FakeLarkPusher.delivery(event, app: stranger).headers
                ),
                (
                    harness.url(base),
                    FakeLarkPusher.delivery(instanceEvent(harness.withApp(wrongToken), id: forgedID), app: wrongToken)
                        .body, []
                ),
                (harness.url(base), garbage, signedGarbage),
                (
                    harness.url(base),
                    FakeLarkPusher.delivery(event, app: harness.app, timestamp: Date().addingTimeInterval(-8 * 3600))
                        .body,
                    FakeLarkPusher.delivery(event, app: harness.app, timestamp: Date().addingTimeInterval(-8 * 3600))
                        .headers
                ),
                (
                    harness.url(base), FakeLarkPusher.delivery(event, app: harness.app, signed: false).body,
                    [("Content-Type", "application/json")]
                ),
            ]
            for (url, body, headers) in attempts {
                let (status, reply) = try await harness.post(
                    url, body: body, headers: headers.isEmpty ? [("Content-Type", "application/json")] : headers)
                #expect(status == 401 && reply == #"{"error":"unauthorized"}"#)
            }
            #expect(try await harness.inboxEvent(forgedID) == nil)
            #expect(try await harness.queuedJobs().isEmpty)
        }
    }

    @Test(
        "Unsigned pushes leak nothing: bad padding, good padding with nonsense inside, a wrong token and an event all get the same bare 401"
    )
    func unsignedOracle() async throws {
        let harness = try await WebhookHarness.make()
        let key = harness.app.encryptKey
        func unsigned(_ plaintext: Data) throws -> Data {
            let iv = (0..<16).map { _ in UInt8.random(in: 0...255) }
            return try JSONSerialization.data(withJSONObject: [
                "encrypt": LarkPushCrypto.encrypt(plaintext, encryptKey: key, iv: iv)
            ])
        }
        // Random blocks: padding that fails to decode (or, rarely, decodes to nonsense).
        let badPadding = Data((0..<48).map { _ in UInt8.random(in: 0...255) })
        let bodies = [
            try JSONSerialization.data(withJSONObject: ["encrypt": badPadding.base64EncodedString()]),
            try unsigned(Data("not json at all".utf8)),
            try unsigned(Data(#"{"token":"\#(harness.app.verificationToken)"}"#.utf8)),
            try unsigned(FakeLarkPayloads.challenge(app: harness.app, challenge: "c", token: "wrong")),
            try unsigned(instanceEvent(harness)),
        ]
        try await harness.serve { base async throws in
            var replies: Set<String> = []
            for body in bodies {
                let (status, reply) = try await harness.post(
                    harness.url(base), body: body, headers: [("Content-Type", "application/json")])
                #expect(status == 401)
                replies.insert(reply)
            }
            #expect(replies == [#"{"error":"unauthorized"}"#])
        }
    }

    @Test("Oversized bodies are 413, other content types 415, authenticated (signed) nonsense 400")
    func badInput() async throws {
        let harness = try await WebhookHarness.make()
        try await harness.serve { base async throws in
            let huge = Data(repeating: 0x20, count: (1 << 20) + 1)
            #expect(
                try await harness.post(harness.url(base), body: huge, headers: [("Content-Type", "application/json")]).0
                    == 413)
            #expect(
                try await harness.post(
                    harness.url(base), body: Data("{}".utf8), headers: [("Content-Type", "text/plain")]
                ).0 == 415)
            let nonsense = FakeLarkPusher.delivery(
                Data(#"{"token":"\#(harness.app.verificationToken)"}"#.utf8), app: harness.app)
            #expect(try await harness.send(nonsense, to: harness.url(base)).0 == 400)
        }
    }

    @Test("A push that fails while storage is down is re-sent on Lark's schedule and stored once")
    func retriedUntilStored() async throws {
        let inner = InMemoryStorage(sealer: TestServices.sealer)
        let flaky = FlakyStorage(inner: inner, failures: 2)
        let harness = try await WebhookHarness.make(storage: inner).over(flaky)
        let event = LarkIDs.eventID()
        try await harness.serve { base async throws in
            let delivery = FakeLarkPusher.delivery(instanceEvent(harness, id: event), app: harness.app)
            let statuses = await harness.pusher.push(delivery, to: harness.url(base), timeScale: 1.0 / 36_000)
            #expect(statuses == [503, 503, 200])
            #expect(try await harness.inboxEvent(event) != nil)
            #expect(try await harness.queuedJobs().count == 1)
        }
    }

    @Test("Logs carry event metadata, never keys, tokens or bodies")
    func logs() async throws {
        let harness = try await WebhookHarness.make()
        let capture = LogCapture()
        let logger = capture.logger()
        let (event, instance) = (LarkIDs.eventID(), LarkIDs.instanceCode())
        try await harness.serve(logger: logger) { base async throws in
            _ = try await harness.send(
                FakeLarkPusher.delivery(instanceEvent(harness, id: event, instance: instance), app: harness.app),
                to: harness.url(base))
            _ = try await harness.send(
                FakeLarkPusher.delivery(instanceEvent(harness), app: WebhookHarness.newApp()), to: harness.url(base))
        }
        let text = capture.text
        #expect(text.contains(event) && text.contains(instance))
        for secret in [harness.app.encryptKey, harness.app.verificationToken, "encrypt"] {
            #expect(!text.contains(secret))
        }
    }
}

enum Fixtures {
    static let otherEndpoint = String(repeating: "ab", count: 16)
}

/// A storage whose first `failures` tenant transactions fail as if the database were down.
final class FlakyStorage: Storage {
    let inner: any Storage
    private let remaining: Mutex<Int>
    private let begun = Mutex(0)

    /// Tenant transactions begun, failed ones included.
    var transactions: Int { begun.withLock { $0 } }

    init(inner: any Storage, failures: Int) {
        self.inner = inner
        remaining = Mutex(failures)
    }

    func withTenant<Result: Sendable>(_ tenantID: TenantID, _ body: @Sendable (any TenantScope) async throws -> Result)
        async throws -> Result
    {
        begun.withLock { $0 += 1 }
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
    var leases: any LeaseStore { inner.leases }
    var rateLimits: any RateLimitStore { inner.rateLimits }
    var referenceRates: any ReferenceRateStore { inner.referenceRates }
    func ping() async throws { try await inner.ping() }
}
