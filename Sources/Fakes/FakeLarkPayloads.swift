public import Foundation

/// Plaintext pushes shaped like Lark's (before encryption).
public enum FakeLarkPayloads {
    public static func approvalInstance(app: FakeApp, eventID: String, approvalCode: String, instanceCode: String, status: String, operateTime: Date = Date()) -> Data {
        v1(app: app, eventID: eventID, event: [
            "type": "approval_instance", "approval_code": approvalCode, "instance_code": instanceCode, "status": status,
            "operate_time": String(Int64(operateTime.timeIntervalSince1970 * 1000)),
            "instance_operate_time": String(Int64(operateTime.timeIntervalSince1970 * 1000)),
        ])
    }

    public static func approvalTask(app: FakeApp, eventID: String, approvalCode: String, instanceCode: String, taskID: String, approverOpenID: String, status: String) -> Data {
        v1(app: app, eventID: eventID, event: [
            "type": "approval_task", "approval_code": approvalCode, "instance_code": instanceCode, "task_id": taskID,
            "open_id": approverOpenID, "status": status, "operate_time": String(Int64(Date().timeIntervalSince1970 * 1000)),
        ])
    }

    public static func cardAction(app: FakeApp, eventID: String, operatorOpenID: String, value: [String: String], messageID: String) -> Data {
        json([
            "schema": "2.0",
            "header": [
                "event_id": eventID, "token": app.verificationToken, "create_time": String(Int64(Date().timeIntervalSince1970 * 1000)),
                "event_type": "card.action.trigger", "tenant_key": "tenant-fake", "app_id": app.appID,
            ],
            "event": [
                "operator": ["open_id": operatorOpenID], "token": "c-\(eventID)",
                "action": ["value": value, "tag": "button"], "context": ["open_message_id": messageID],
            ],
        ])
    }

    public static func challenge(app: FakeApp, challenge: String, token: String? = nil) -> Data {
        json(["challenge": challenge, "token": token ?? app.verificationToken, "type": "url_verification"])
    }

    static func v1(app: FakeApp, eventID: String, event: [String: String]) -> Data {
        var body = event
        body["app_id"] = app.appID
        body["tenant_key"] = "tenant-fake"
        return json([
            "ts": String(format: "%.6f", Date().timeIntervalSince1970), "uuid": eventID, "token": app.verificationToken,
            "type": "event_callback", "event": body,
        ])
    }

    static func json(_ object: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
