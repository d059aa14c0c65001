public import Domain
public import Foundation
public import Ports

extension CurlLarkGateway {
    /// Always asks Lark (never the cache), so new credentials are really checked.
    public func verifyCredentials(_ app: LarkApp) async throws(LarkError) {
        _ = try await fetchToken(app)
    }

    public func approvalDefinition(_ approvalCode: String, app: LarkApp) async throws(LarkError) -> LarkApprovalDefinition {
        let data = try await call("GET", "/open-apis/approval/v4/approvals/\(Self.escape(approvalCode))", query: [("locale", "en-US")], app: app)
        guard let form = data["form"] as? String, let widgets = try? LarkFormField.parseForm(form) else {
            throw LarkError(.malformedResponse)
        }
        return LarkApprovalDefinition(
            approvalCode: approvalCode, name: data["approval_name"] as? String ?? approvalCode,
            status: data["status"] as? String ?? "UNKNOWN", widgets: widgets)
    }

    public func subscribe(_ approvalCode: String, app: LarkApp) async throws(LarkError) {
        do {
            _ = try await call("POST", "/open-apis/approval/v4/approvals/\(Self.escape(approvalCode))/subscribe", body: [:], app: app)
        } catch where error.code == 1390007 {
            // "subscription existed": already subscribed is what was asked for.
        }
    }

    public func instance(_ instanceCode: String, app: LarkApp) async throws(LarkError) -> LarkInstance {
        let data = try await call(
            "GET", "/open-apis/approval/v4/instances/\(Self.escape(instanceCode))",
            query: [("locale", "en-US"), ("user_id_type", "open_id")], app: app)
        guard let form = data["form"] as? String, let fields = try? LarkFormField.parseForm(form),
            let status = data["status"] as? String
        else { throw LarkError(.malformedResponse) }
        let tasks = (data["task_list"] as? [[String: Any]] ?? []).map { task in
            LarkTask(
                id: Self.string(task["id"]) ?? "", openID: task["open_id"] as? String ?? "",
                status: task["status"] as? String ?? "", nodeName: task["node_name"] as? String ?? "")
        }
        return LarkInstance(
            approvalCode: data["approval_code"] as? String ?? "", instanceCode: data["instance_code"] as? String ?? instanceCode,
            status: status, applicantOpenID: data["open_id"] as? String ?? "", startedAt: LarkTime.date(data["start_time"]),
            form: fields, tasks: tasks)
    }

    public func instanceCodes(_ approvalCode: String, from: Date, to: Date, app: LarkApp) async throws(LarkError) -> [String] {
        var codes: [String] = []
        var pageToken: String?
        repeat {
            var query = [
                ("approval_code", approvalCode), ("start_time", String(Int64(from.timeIntervalSince1970 * 1000))),
                ("end_time", String(Int64(to.timeIntervalSince1970 * 1000))), ("page_size", "100"),
            ]
            if let pageToken { query.append(("page_token", pageToken)) }
            let data = try await call("GET", "/open-apis/approval/v4/instances", query: query, app: app)
            codes += data["instance_code_list"] as? [String] ?? []
            pageToken = (data["has_more"] as? Bool ?? false) ? data["page_token"] as? String : nil
        } while pageToken != nil
        return codes
    }

    public func decide(_ decision: LarkTaskDecision, app: LarkApp) async throws(LarkError) {
        var body: [String: Any] = [
            "approval_code": decision.approvalCode, "instance_code": decision.instanceCode,
            "user_id": decision.approverOpenID, "task_id": decision.taskID,
        ]
        if let comment = decision.comment { body["comment"] = comment }
        _ = try await call(
            "POST", "/open-apis/approval/v4/tasks/\(decision.action.rawValue)", query: [("user_id_type", "open_id")], body: body,
            app: app)
    }

    public func addComment(instanceCode: String, authorOpenID: String, text: String, mentioning: LarkMention?, app: LarkApp)
        async throws(LarkError) -> String
    {
        // Lark overlays the mention on the `@name` text at `offset`, so the text starts with it.
        let fullText = mentioning.map { "@\($0.name) \(text)" } ?? text
        let content = String(decoding: try! JSONSerialization.data(withJSONObject: ["text": fullText, "files": [Any]()]), as: UTF8.self)
        var body: [String: Any] = ["content": content, "disable_bot": false]
        if let mentioning { body["at_info_list"] = [["user_id": mentioning.openID, "name": mentioning.name, "offset": "0"]] }
        let data = try await call(
            "POST", "/open-apis/approval/v4/instances/\(Self.escape(instanceCode))/comments",
            query: [("user_id_type", "open_id"), ("user_id", authorOpenID)], body: body, app: app)
        return Self.string(data["comment_id"]) ?? ""
    }

    public func sendCard(_ card: String, to openID: String, idempotencyKey: String, app: LarkApp) async throws(LarkError) -> String {
        let data = try await call(
            "POST", "/open-apis/im/v1/messages", query: [("receive_id_type", "open_id")],
            body: ["receive_id": openID, "msg_type": "interactive", "content": card, "uuid": idempotencyKey], app: app)
        guard let messageID = data["message_id"] as? String else { throw LarkError(.malformedResponse) }
        return messageID
    }

    public func patchCard(messageID: String, card: String, app: LarkApp) async throws(LarkError) {
        _ = try await call("PATCH", "/open-apis/im/v1/messages/\(Self.escape(messageID))", body: ["content": card], app: app)
    }

    public func updateCard(token: Secret, card: String, app: LarkApp) async throws(LarkError) {
        // Unlike send and patch, the delayed update takes the card as an object, not a string.
        guard let object = try? JSONSerialization.jsonObject(with: Data(card.utf8)) else { throw LarkError(.malformedResponse) }
        _ = try await call("POST", "/open-apis/interactive/v1/card/update", body: ["token": token.revealForOutboundUse(), "card": object], app: app)
    }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? segment
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}
