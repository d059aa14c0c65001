import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

struct FixedClock: WallClock {
    let date: Date
    func now() -> Date { date }
}

@Suite("Lark push authentication")
struct LarkPushAuthenticationTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let app = FakeApp(
        appID: LarkIDs.appID(), appSecret: LarkIDs.secret(), encryptKey: "encrypt-key-1",
        verificationToken: LarkIDs.secret())
    static let connection = LarkConnection(
        tenantID: Identifier(UUID()), appID: app.appID, appSecret: Secret(app.appSecret),
        encryptKey: Secret(app.encryptKey),
        verificationToken: Secret(app.verificationToken), updatedAt: now)
    let crypto = LarkPushCrypto(clock: FixedClock(date: now))

    func request(_ delivery: FakeLarkPusher.Delivery) -> LarkPushRequest {
        let headers = Dictionary(delivery.headers, uniquingKeysWith: { $1 })
        return LarkPushRequest(
            body: delivery.body, timestamp: headers["X-Lark-Request-Timestamp"], nonce: headers["X-Lark-Request-Nonce"],
            signature: headers["X-Lark-Signature"])
    }

    func event(app: FakeApp = Self.app) -> Data {
        FakeLarkPayloads.approvalInstance(
            app: app, eventID: LarkIDs.stable(.eventID, "evt-1"), approvalCode: LarkIDs.stable(.uuid, "A1"),
            instanceCode: LarkIDs.stable(.uuid, "I1"), status: "PENDING")
    }

    @Test("A signed, encrypted event with the right token opens to its metadata")
    func accepts() throws {
        let push = try crypto.open(
            request(FakeLarkPusher.delivery(event(), app: Self.app, timestamp: Self.now)),
            keys: Self.connection.pushKeys)
        guard case .event(let event) = push else {
            Issue.record("not an event")
            return
        }
        #expect(
            event.id == LarkIDs.stable(.eventID, "evt-1") && event.type == "approval_instance"
                && event.instanceCode == LarkIDs.stable(.uuid, "I1") && event.status == "PENDING")
    }

    @Test("Challenges: signed or unsigned with the right token are answered; a wrong token is refused")
    func challenges() throws {
        let challenge = FakeLarkPayloads.challenge(app: Self.app, challenge: "c-123")
        for signed in [true, false] {
            let push = try crypto.open(
                request(FakeLarkPusher.delivery(challenge, app: Self.app, timestamp: Self.now, signed: signed)),
                keys: Self.connection.pushKeys)
            #expect(push == .challenge(challenge: "c-123", token: Self.app.verificationToken))
        }
        let wrong = FakeLarkPayloads.challenge(app: Self.app, challenge: "c-123", token: "forged")
        #expect(throws: LarkPushRejection.unauthenticated) {
            try crypto.open(
                request(FakeLarkPusher.delivery(wrong, app: Self.app, timestamp: Self.now, signed: false)),
                keys: Self.connection.pushKeys)
        }
    }

    @Test("Every forgery is the same rejection")
    func rejections() {
        var otherKey = Self.app
        otherKey.encryptKey = "someone else's key"
        var otherToken = Self.app
        otherToken.verificationToken = "wrong token"
        let good = FakeLarkPusher.delivery(event(), app: Self.app, timestamp: Self.now)
        var badSignature = request(good)
        badSignature = LarkPushRequest(
            body: badSignature.body, timestamp: badSignature.timestamp, nonce: badSignature.nonce,
            signature: String(repeating: "0", count: 64))
        let tamperedBody = LarkPushRequest(
            body: good.body + Data(" ".utf8), timestamp: request(good).timestamp, nonce: request(good).nonce,
            signature: request(good).signature)
        let cases: [LarkPushRequest] = [
            badSignature, tamperedBody,
            request(FakeLarkPusher.delivery(event(), app: otherKey, timestamp: Self.now)),
            request(FakeLarkPusher.delivery(event(app: otherToken), app: otherToken, timestamp: Self.now)),
            request(FakeLarkPusher.delivery(event(), app: Self.app, timestamp: Self.now, signed: false)),
            request(
                FakeLarkPusher.delivery(event(), app: Self.app, timestamp: Self.now.addingTimeInterval(-7.6 * 3600))),
            request(FakeLarkPusher.delivery(event(), app: Self.app, timestamp: Self.now.addingTimeInterval(6 * 60))),
            LarkPushRequest(body: event(), timestamp: nil, nonce: nil, signature: nil),
        ]
        for forged in cases {
            #expect(throws: LarkPushRejection.unauthenticated) {
                try crypto.open(forged, keys: Self.connection.pushKeys)
            }
        }
    }

    @Test("Timestamps within the retry window and a little ahead are accepted")
    func freshness() throws {
        for offset: TimeInterval in [-7 * 3600, -60, 0, 4 * 60] {
            _ = try crypto.open(
                request(
                    FakeLarkPusher.delivery(event(), app: Self.app, timestamp: Self.now.addingTimeInterval(offset))),
                keys: Self.connection.pushKeys)
        }
    }

    @Test("Authenticated but unintelligible JSON is malformed, not unauthenticated")
    func malformed() {
        let delivery = FakeLarkPusher.delivery(Data(#"{"hello":"world"}"#.utf8), app: Self.app, timestamp: Self.now)
        #expect(throws: LarkPushRejection.malformed) {
            try crypto.open(request(delivery), keys: Self.connection.pushKeys)
        }
    }
}
