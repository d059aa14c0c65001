import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The Open Platform endpoints Kopi calls, with scripted faults applied first.
struct FakeLarkRoutes: Sendable {
    let state: FakeLarkState

    func register(on router: Router<BasicRequestContext>) {
        router.post("/open-apis/auth/v3/tenant_access_token/internal") { request, context in
            try await guarded(request, authenticated: false) { _, body in
                guard let appID = body["app_id"] as? String, let secret = body["app_secret"] as? String,
                    let issued = await state.issueToken(appID: appID, secret: secret)
                else { return Self.failure(99_991_543, "app_id or app_secret is invalid") }
                return Self.json(["code": 0, "msg": "ok", "tenant_access_token": issued.token, "expire": issued.expire])
            }
        }
        router.get("/open-apis/approval/v4/approvals/:code") { request, context in
            try await guarded(request) { _, _ in
                let code = context.parameters.get("code") ?? ""
                guard let definition = await state.definitions[code] else {
                    return Self.failure(1_390_002, "approval code not found")
                }
                return Self.success([
                    "approval_name": definition.name, "status": "ACTIVE", "form": Self.string(definition.form),
                ])
            }
        }
        router.post("/open-apis/approval/v4/approvals/:code/subscribe") { request, context in
            try await guarded(request) { appID, _ in
                let code = context.parameters.get("code") ?? ""
                guard await state.definitions[code] != nil else {
                    return Self.failure(1_390_002, "approval code not found")
                }
                return await state.subscribe(code, appID: appID)
                    ? Self.success([:]) : Self.failure(1_390_007, "subscription existed")
            }
        }
        router.get("/open-apis/approval/v4/instances/:code") { request, context in
            try await guarded(request) { _, _ in
                guard let instance = await state.instances[context.parameters.get("code") ?? ""] else {
                    return Self.failure(1_390_003, "instance code not found")
                }
                return Self.success(Self.serve(instance))
            }
        }
        router.get("/open-apis/approval/v4/instances") { request, _ in
            try await guarded(request) { _, _ in
                let query = request.uri.queryParameters
                guard let code = query.get("approval_code"), let start = query.get("start_time").flatMap(Double.init),
                    let end = query.get("end_time").flatMap(Double.init)
                else { return Self.failure(1_390_001, "param is invalid") }
                let size = query.get("page_size").flatMap(Int.init) ?? 100
                let offset = query.get("page_token").flatMap(Int.init) ?? 0
                let codes = await state.instances.values
                    .filter {
                        $0.approvalCode == code && (start...end - 1).contains($0.startTime.timeIntervalSince1970 * 1000)
                    }
                    .sorted { $0.startTime < $1.startTime }.map(\.instanceCode)
                let page = Array(codes.dropFirst(offset).prefix(size))
                let more = offset + page.count < codes.count
                return Self.success([
                    "instance_code_list": page, "has_more": more, "page_token": more ? String(offset + page.count) : "",
                ])
            }
        }
        for action in ["approve", "reject"] {
            router.post("/open-apis/approval/v4/tasks/\(action)") { request, _ in
                try await guarded(request) { _, body in
                    guard request.uri.queryParameters.get("user_id_type") == "open_id" else {
                        return Self.failure(1_390_001, "param is invalid")
                    }
                    let decision = FakeDecision(
                        action: action, instanceCode: body["instance_code"] as? String ?? "",
                        taskID: body["task_id"] as? String ?? "",
                        approverOpenID: body["user_id"] as? String ?? "", comment: body["comment"] as? String)
                    let code = await state.decide(decision, approvalCode: body["approval_code"] as? String ?? "")
                    return code == 0 ? Self.success([:]) : Self.failure(code, "task not found")
                }
            }
        }
        router.post("/open-apis/approval/v4/instances/:code/comments") { request, context in
            try await guarded(request) { _, body in
                let instanceCode = context.parameters.get("code") ?? ""
                guard await state.instances[instanceCode] != nil else {
                    return Self.failure(1_390_003, "instance code not found")
                }
                guard let author = request.uri.queryParameters.get("user_id").map({ String($0) }),
                    LarkIDs.isOpenID(author),
                    let content = (body["content"] as? String).flatMap({
                        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                    }),
                    let text = content["text"] as? String
                else { return Self.failure(1_390_001, "param is invalid") }
                guard let mentions = Self.mentions(body["at_info_list"], in: text) else {
                    return Self.failure(1_390_001, "param is invalid: at_info_list")
                }
                let id = await state.addComment(
                    instanceCode: instanceCode, author: author, text: text,
                    disableBot: body["disable_bot"] as? Bool ?? false, mentions: mentions)
                return Self.success(["comment_id": id])
            }
        }
        FakeLarkMessageRoutes(routes: self).register(on: router)
        router.get("/files/:name") { request, context in
            await state.record(
                FakeRequestRecord(
                    method: "GET", path: request.uri.path, authorization: request.headers[.authorization], at: Date()))
            guard let bytes = await state.files[context.parameters.get("name") ?? ""] else {
                return Response(status: .notFound)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/redirect/:hops/:name") { request, context in
            let hops = context.parameters.get("hops").flatMap(Int.init) ?? 0
            let name = context.parameters.get("name") ?? ""
            let next = hops <= 1 ? "/files/\(name)" : "/redirect/\(hops - 1)/\(name)"
            return Response(status: .found, headers: [.location: next])
        }
    }

    /// Records the request, applies a scripted fault, checks the bearer token, parses the JSON body.
    func guarded(
        _ request: Request, authenticated: Bool = true, _ handle: (String, [String: Any]) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        await state.record(
            FakeRequestRecord(
                method: request.method.rawValue, path: path, authorization: request.headers[.authorization], at: Date())
        )
        if let delay = await state.latency(for: path) { try await Task.sleep(for: delay) }
        switch await state.takeFault(for: path) {
        case .rateLimit(let reset)?:
            var response = Self.json(["code": 99_991_400, "msg": "request trigger frequency limit"])
            response.status = .tooManyRequests
            response.headers[HTTPField.Name("x-ogw-ratelimit-reset")!] = String(reset)
            return response
        case .serverError?:
            return Response(
                status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "upstream failure")))
        case .code(let code)?:
            return Self.failure(code, "scripted failure")
        case .codeWithEmptyData(let code)?:
            return Self.json(["code": code, "msg": "scripted failure", "data": [String: String]()])
        case .slow(let delay)?:
            try await Task.sleep(for: delay)
        case .expireTokens?:
            await state.expireAllTokens()
        case nil:
            break
        }
        var appID = ""
        if authenticated {
            let header = request.headers[.authorization] ?? ""
            guard header.hasPrefix("Bearer "), let app = await state.app(forToken: String(header.dropFirst(7))) else {
                return Self.failure(99_991_663, "Invalid access token for authorization.")
            }
            appID = app
        }
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let body = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        return try await handle(appID, body)
    }

    static func serve(_ instance: FakeInstance) -> [String: Any] {
        [
            "approval_code": instance.approvalCode, "instance_code": instance.instanceCode, "status": instance.status,
            "open_id": instance.applicantOpenID,
            "start_time": String(Int64(instance.startTime.timeIntervalSince1970 * 1000)),
            "end_time": "0", "form": string(instance.form),
            "task_list": instance.tasks.map {
                ["id": $0.id, "open_id": $0.approverOpenID, "status": $0.status, "node_name": "Approval"]
            },
        ]
    }

    /// The open ids of `at_info_list`, or nil when an entry lacks `user_id`, `name` or `offset`,
    /// or its offset does not point at `@name` in the text (Lark overlays the mention there).
    static func mentions(_ value: Any?, in text: String) -> [String]? {
        guard let value else { return [] }
        guard let entries = value as? [[String: Any]] else { return nil }
        let characters = Array(text)
        var ids: [String] = []
        for entry in entries {
            guard let id = entry["user_id"] as? String, LarkIDs.isOpenID(id), let name = entry["name"] as? String,
                !name.isEmpty,
                let offset = (entry["offset"] as? String).flatMap(Int.init), offset >= 0, offset <= characters.count,
                String(characters[offset...]).hasPrefix("@" + name)
            else { return nil }
            ids.append(id)
        }
        return ids
    }

    static func string(_ value: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: value)) ?? Data(), as: UTF8.self)
    }

    static func json(_ object: [String: Any]) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "application/json", HTTPField.Name("x-tt-logid")!: "fake-\(UUID().uuidString.prefix(8))",
            ],
            body: .init(byteBuffer: ByteBuffer(string: string(object))))
    }

    static func success(_ data: [String: Any]) -> Response { json(["code": 0, "msg": "success", "data": data]) }

    static func failure(_ code: Int, _ message: String) -> Response { json(["code": code, "msg": message]) }

    /// Lark's field-validation error: HTTP 400, code 99992402, with the offending field.
    static func fieldViolation(_ field: String, _ description: String) -> Response {
        var response = json([
            "code": 99_992_402, "msg": "field validation failed",
            "error": ["field_violations": [["field": field, "description": description]]],
        ])
        response.status = .badRequest
        return response
    }

    /// A business refusal as the im and card endpoints send it: HTTP 400 with the code.
    static func refusal(_ refusal: FakeLarkRefusal) -> Response {
        var response = failure(refusal.code, refusal.message)
        response.status = .badRequest
        return response
    }
}
