public import Domain
public import Foundation
public import Ports

extension CurlLarkGateway {
    /// Always asks Lark (never the cache), so new credentials are really checked.
    public func verifyCredentials(_ app: LarkApp) async throws(LarkError) {
        _ = try await fetchToken(app)
    }

    public func approvalDefinition(_ approvalCode: String, app: LarkApp) async throws(LarkError)
        -> LarkApprovalDefinition
    {
        let data = try await call(
            "GET", "/open-apis/approval/v4/approvals/\(Self.escape(approvalCode))", query: [("locale", "en-US")],
            answer: LarkWire.Definition.self, app: app)
        guard let widgets = try? LarkFormField.parseForm(data.form) else { throw LarkError(.malformedResponse) }
        return LarkApprovalDefinition(
            approvalCode: approvalCode, name: data.approvalName ?? approvalCode, status: data.status ?? "UNKNOWN",
            widgets: widgets)
    }

    public func subscribe(_ approvalCode: String, app: LarkApp) async throws(LarkError) {
        do {
            _ = try await call(
                "POST", "/open-apis/approval/v4/approvals/\(Self.escape(approvalCode))/subscribe",
                body: LarkWire.Nothing(), app: app)
        } catch  where error.code == 1_390_007 {
            // "subscription existed": already subscribed is what was asked for.
        }
    }

    public func instance(_ instanceCode: String, app: LarkApp) async throws(LarkError) -> LarkInstance {
        let data = try await call(
            "GET", "/open-apis/approval/v4/instances/\(Self.escape(instanceCode))",
            query: [("locale", "en-US"), ("user_id_type", "open_id")], answer: LarkWire.Instance.self, app: app)
        return try Self.instance(data, instanceCode: instanceCode)
    }

    /// An instance as Lark's answer body holds it (`{"code": 0, "data": {…}}`); for the fuzzer,
    /// which feeds it arbitrary bytes.
    public static func instance(answer body: Data, instanceCode: String) throws(LarkError) -> LarkInstance {
        guard let json = try? JSONValue.parse(body),
            let data = (try? LarkWire.Envelope<LarkWire.Instance>(json: json))?.data
        else { throw LarkError(.malformedResponse) }
        return try instance(data, instanceCode: instanceCode)
    }

    static func instance(_ data: LarkWire.Instance, instanceCode: String) throws(LarkError) -> LarkInstance {
        guard let fields = try? LarkFormField.parseForm(data.form) else { throw LarkError(.malformedResponse) }
        let tasks = (data.taskList ?? []).map { task in
            LarkTask(
                id: task.id ?? "", openID: task.openID ?? "", status: task.status ?? "",
                nodeName: task.nodeName ?? "")
        }
        return LarkInstance(
            approvalCode: data.approvalCode ?? "", instanceCode: data.instanceCode ?? instanceCode, status: data.status,
            applicantOpenID: data.openID ?? "", startedAt: LarkTime.date(data.startTime), form: fields,
            tasks: tasks)
    }

    public func instanceCodes(_ approvalCode: String, from: Date, to: Date, app: LarkApp) async throws(LarkError)
        -> [String]
    {
        var codes: [String] = []
        var pageToken: String?
        repeat {
            var query = [
                ("approval_code", approvalCode), ("start_time", String(Int64(from.timeIntervalSince1970 * 1000))),
                ("end_time", String(Int64(to.timeIntervalSince1970 * 1000))), ("page_size", "100"),
            ]
            if let pageToken { query.append(("page_token", pageToken)) }
            let page = try await call(
                "GET", "/open-apis/approval/v4/instances", query: query, answer: LarkWire.InstanceList.self, app: app)
            codes += page.instanceCodeList ?? []
            pageToken = page.hasMore == true ? page.pageToken : nil
        } while pageToken != nil
        return codes
    }

    public func decide(_ decision: LarkTaskDecision, app: LarkApp) async throws(LarkError) {
        let body = LarkWire.TaskDecision(
            approvalCode: decision.approvalCode, instanceCode: decision.instanceCode, userID: decision.approverOpenID,
            taskID: decision.taskID, comment: decision.comment)
        _ = try await call(
            "POST", "/open-apis/approval/v4/tasks/\(decision.action.rawValue)", query: [("user_id_type", "open_id")],
            body: body,
            app: app)
    }

    public func addComment(
        instanceCode: String, authorOpenID: String, text: String, mentioning: LarkMention?, app: LarkApp
    )
        async throws(LarkError) -> String
    {
        // Lark overlays the mention on the `@name` text at `offset`, so the text starts with it.
        let fullText = mentioning.map { "@\($0.name) \(text)" } ?? text
        let content = String(
            decoding: try Self.encode(LarkWire.CommentContent(text: fullText, files: [])), as: UTF8.self)
        let body = LarkWire.Comment(
            content: content, disableBot: false,
            atInfoList: mentioning.map { [LarkWire.Mention(userID: $0.openID, name: $0.name, offset: "0")] })
        let created = try await call(
            "POST", "/open-apis/approval/v4/instances/\(Self.escape(instanceCode))/comments",
            query: [("user_id_type", "open_id"), ("user_id", authorOpenID)], body: body,
            answer: LarkWire.CommentCreated.self, app: app)
        return created.commentID ?? ""
    }

    public func sendCard(_ card: String, to openID: String, idempotencyKey: String, app: LarkApp)
        async throws(LarkError) -> String
    {
        let sent = try await call(
            "POST", "/open-apis/im/v1/messages", query: [("receive_id_type", "open_id")],
            body: LarkWire.Message(receiveID: openID, msgType: "interactive", content: card, uuid: idempotencyKey),
            answer: LarkWire.MessageSent.self, app: app)
        return sent.messageID
    }

    public func patchCard(messageID: String, card: String, app: LarkApp) async throws(LarkError) {
        _ = try await call(
            "PATCH", "/open-apis/im/v1/messages/\(Self.escape(messageID))", body: LarkWire.MessagePatch(content: card),
            app: app)
    }

    public func updateCard(token: Secret, card: String, app: LarkApp) async throws(LarkError) {
        let object = try Self.decode(PassThroughJSON.self, from: Data(card.utf8))
        _ = try await call(
            "POST", "/open-apis/interactive/v1/card/update",
            body: LarkWire.CardUpdate(token: token.revealForOutboundUse(), card: object),
            app: app)
    }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? segment
    }
}
