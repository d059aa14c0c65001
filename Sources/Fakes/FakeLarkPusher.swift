public import Adapters
public import Foundation

/// Pushes events and card callbacks to a Kopi webhook the way Lark does: encrypted with the app's
/// Encrypt Key, signed over the raw body, and re-sent on Lark's retry schedule until answered 200.
public struct FakeLarkPusher: Sendable {
    /// Lark's re-push delays after a failed delivery: 15 s, 5 min, 1 h, 6 h.
    public static let retrySchedule: [Duration] = [.seconds(15), .seconds(300), .seconds(3600), .seconds(21600)]

    let http: any HTTPClient

    public init(http: any HTTPClient) {
        self.http = http
    }

    /// One signed, encrypted request for `plaintext`.
    public struct Delivery: Sendable {
        public let body: Data
        public let headers: [(String, String)]
    }

    public static func delivery(
        _ plaintext: Data, app: FakeApp, timestamp: Date = Date(), nonce: String = UUID().uuidString,
        signed: Bool = true
    )
        -> Delivery
    {
        let iv = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let encrypted = LarkPushCrypto.encrypt(plaintext, encryptKey: app.encryptKey, iv: iv)
        let body = try! JSONSerialization.data(withJSONObject: ["encrypt": encrypted])
        var headers = [("Content-Type", "application/json; charset=utf-8")]
        if signed {
            let seconds = String(Int(timestamp.timeIntervalSince1970))
            headers += [
                ("X-Lark-Request-Timestamp", seconds), ("X-Lark-Request-Nonce", nonce),
                (
                    "X-Lark-Signature",
                    LarkPushCrypto.signature(timestamp: seconds, nonce: nonce, key: app.encryptKey, body: body)
                ),
            ]
        }
        return Delivery(body: body, headers: headers)
    }

    /// Delivers, re-sending on failure after each delay of the schedule multiplied by
    /// `timeScale` (1/3600 turns 6 hours into 6 seconds). Returns every attempt's status (0 for
    /// a network failure), stopping at the first 200.
    @discardableResult
    public func push(_ delivery: Delivery, to url: String, timeScale: Double = 1.0 / 3600) async -> [Int] {
        var statuses: [Int] = []
        for delay in [Duration.zero] + Self.retrySchedule {
            if delay > .zero { try? await Task.sleep(for: delay * timeScale) }
            let request = HTTPClientRequest(
                method: "POST", url: url, headers: delivery.headers, body: delivery.body, timeout: .seconds(3))
            let status = (try? await http.send(request))?.status ?? 0
            statuses.append(status)
            if status == 200 { break }
        }
        return statuses
    }

    /// Taps a card button as Lark does: mints the card's update token, posts the signed,
    /// encrypted `card.action.trigger` once (callbacks are not re-sent), and when the answer is
    /// 200 marks the token usable, as Lark allows delayed updates only after the answer.
    public func tap(
        _ value: [String: String], by operatorOpenID: String, messageID: String, app: FakeApp, lark: FakeLarkState,
        to url: String,
        eventID: String = LarkIDs.eventID()
    ) async -> (status: Int, body: String, token: String) {
        await deliver(
            action: ["value": value, "tag": "button", "timezone": "Asia/Singapore"], by: operatorOpenID,
            messageID: messageID, app: app, lark: lark, to: url, eventID: eventID)
    }

    /// Taps the button named `button` on the card as it is shown now, typing `typed` into its
    /// inputs, as a Lark client does (``FakeCardClient``: a form's submit sends what was typed).
    /// `content` overrides the shown card, e.g. a stale copy on another device.
    public func press(
        _ button: String, typing typed: [String: String] = [:], on content: String? = nil, by operatorOpenID: String,
        messageID: String, app: FakeApp, lark: FakeLarkState, to url: String, eventID: String = LarkIDs.eventID()
    ) async throws -> (status: Int, body: String, token: String) {
        let shown = await lark.currentContent(of: messageID)
        let action = try FakeCardClient.press(button, on: content ?? shown ?? "", typing: typed)
        return await deliver(
            action: action, by: operatorOpenID, messageID: messageID, app: app, lark: lark, to: url, eventID: eventID)
    }

    private func deliver(
        action: [String: Any], by operatorOpenID: String, messageID: String, app: FakeApp, lark: FakeLarkState,
        to url: String, eventID: String
    ) async -> (status: Int, body: String, token: String) {
        let token = await lark.issueCallbackToken(messageID: messageID)
        let payload = FakeLarkPayloads.cardAction(
            app: app, eventID: eventID, operatorOpenID: operatorOpenID, action: action, messageID: messageID,
            token: token)
        let delivery = Self.delivery(payload, app: app)
        let request = HTTPClientRequest(
            method: "POST", url: url, headers: delivery.headers, body: delivery.body, timeout: .seconds(3))
        guard let response = try? await http.send(request) else { return (0, "", token) }
        let body = String(decoding: response.body, as: UTF8.self)
        if response.status == 200 {
            await lark.markCallbackAnswered(token)
            await lark.showAnswer(body, messageID: messageID)
        }
        return (response.status, body, token)
    }
}
