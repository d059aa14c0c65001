public import Foundation

/// Plaintext pushes shaped like Lark's (before encryption).
public enum FakeLarkPayloads {
    public static func approvalInstance(
        app: FakeApp, eventID: String, approvalCode: String, instanceCode: String, status: String,
        operateTime: Date = Date()
    ) -> Data {
        v1(
            app: app, eventID: eventID,
            event: [
                "type": "approval_instance", "approval_code": approvalCode, "instance_code": instanceCode,
                "status": status,
                "operate_time": String(Int64(operateTime.timeIntervalSince1970 * 1000)),
                "instance_operate_time": String(Int64(operateTime.timeIntervalSince1970 * 1000)),
            ])
    }

    public static func approvalTask(
        app: FakeApp, eventID: String, approvalCode: String, instanceCode: String, taskID: String,
        approverOpenID: String, status: String
    ) -> Data {
        v1(
            app: app, eventID: eventID,
            event: [
                "type": "approval_task", "approval_code": approvalCode, "instance_code": instanceCode,
                "task_id": taskID,
                "open_id": approverOpenID, "status": status,
                "operate_time": String(Int64(Date().timeIntervalSince1970 * 1000)),
            ])
    }

    /// A `card.action.trigger` callback; `token` is the card's update token (`c-…`).
    public static func cardAction(
        app: FakeApp, eventID: String, operatorOpenID: String, value: [String: String], messageID: String,
        token: String = LarkIDs.callbackToken()
    ) -> Data {
        cardAction(
            app: app, eventID: eventID, operatorOpenID: operatorOpenID,
            action: ["value": value, "tag": "button", "timezone": "Asia/Singapore"], messageID: messageID, token: token)
    }

    /// A `card.action.trigger` callback with the `action` a client built (``FakeCardClient``).
    public static func cardAction(
        app: FakeApp, eventID: String, operatorOpenID: String, action: [String: Any], messageID: String,
        token: String
    ) -> Data {
        json([
            "schema": "2.0",
            "header": [
                "event_id": eventID, "token": app.verificationToken,
                "create_time": String(Int64(Date().timeIntervalSince1970 * 1000)),
                "event_type": "card.action.trigger", "tenant_key": tenantKey, "app_id": app.appID,
            ],
            "event": [
                "operator": ["open_id": operatorOpenID, "tenant_key": tenantKey], "token": token,
                "action": action, "host": "im_message",
                "context": ["open_message_id": messageID, "open_chat_id": "oc_" + LarkIDs.hex(32)],
            ],
        ])
    }

    /// The tenant key Lark puts in every push: 16 hex characters.
    public static let tenantKey = "15206d1761c11740"

    public static func challenge(app: FakeApp, challenge: String, token: String? = nil) -> Data {
        json(["challenge": challenge, "token": token ?? app.verificationToken, "type": "url_verification"])
    }

    static func v1(app: FakeApp, eventID: String, event: [String: String]) -> Data {
        var body = event
        body["app_id"] = app.appID
        body["tenant_key"] = tenantKey
        return json([
            "ts": String(format: "%.6f", Date().timeIntervalSince1970), "uuid": eventID, "token": app.verificationToken,
            "type": "event_callback", "event": body,
        ])
    }

    static func json(_ object: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
