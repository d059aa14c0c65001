import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A fake Anthropic Messages API on loopback. It validates each request as the real API would
/// (headers, model, block types, that the declared media type matches the bytes, a strict JSON
/// schema) and answers from a script. A request whose first block is text holding a
/// `<policy_document>` is a policy request, answered with rules.
///
/// Documented limits it enforces (../shared/reference/anthropic.md): a request of at most 32 MB
/// (413 `request_too_large`); `max_tokens` from 1 to Sonnet 4.6's 128k output; `temperature` within
/// 0…1 and never with `top_p`; an image of at most 5 MB of base64; a PDF of at most 100 pages; a
/// structured-output schema within the supported subset and its complexity limits
/// (``FakeSchemaRules``).
public final class FakeAnthropicServer: Sendable {
    public let state: FakeAnthropicState
    private let server: LoopbackServer

    /// Use as `KOPI_ANTHROPIC_BASE_URL`.
    public var baseURL: String { server.baseURL }

    private init(state: FakeAnthropicState, server: LoopbackServer) {
        self.state = state
        self.server = server
    }

    public static func start(state: FakeAnthropicState = FakeAnthropicState()) async throws -> FakeAnthropicServer {
        let router = Router()
        router.post("/v1/messages") { request, _ in try await handle(request, state: state) }
        return FakeAnthropicServer(state: state, server: try await LoopbackServer.start(router, name: "fake-anthropic"))
    }

    public func stop() async { await server.stop() }

    static func handle(_ request: Request, state: FakeAnthropicState) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumRequestBytes)
        } catch is NIOTooManyBytesError {
            await state.reject("request exceeds 32 MB")
            return error(status: 413, type: "request_too_large", message: "Request exceeds the maximum allowed size")
        }
        let document: Data
        var policy = false
        switch await validate(request, body: Data(body.readableBytesView), state: state) {
        case .refused(let status, let reason):
            await state.reject(reason)
            return error(
                status: status, type: status == 401 ? "authentication_error" : "invalid_request_error",
                message: reason)
        case .valid(let bytes):
            document = bytes
        case .policy(let text):
            document = Data(text.utf8)
            policy = true
        }
        await state.enter()
        do {
            let response = try await reply(state, document: document, policy: policy)
            await state.leave()
            return response
        } catch {
            await state.leave()
            throw error
        }
    }

    static func reply(_ state: FakeAnthropicState, document: Data, policy: Bool) async throws -> Response {
        while true {
            switch await state.nextReply() {
            case .slow(let delay)?:
                try await Task.sleep(for: delay)
                continue
            case .failure(let status, let type, let headers)?:
                var response = error(status: status, type: type, message: "scripted")
                for (name, value) in headers { response.headers[HTTPField.Name(name)!] = value }
                return response
            case .refusal?:
                return message(stopReason: "refusal", text: "")
            case .truncated?:
                return message(stopReason: "max_tokens", text: #"{"vendor_name":"Gr"#)
            case .extraction(let fields)?:
                return message(stopReason: "end_turn", text: json(fields))
            case .rules(let rules)?:
                return message(stopReason: "end_turn", text: rulesJSON(rules))
            case nil:
                if let latency = await state.latency {
                    try await Task.sleep(for: .milliseconds(Int(Double.random(in: latency) * 1000)))
                }
                if policy {
                    let text = String(decoding: document, as: UTF8.self)
                    return message(stopReason: "end_turn", text: rulesJSON(await state.rules(for: text)))
                }
                return message(stopReason: "end_turn", text: json(await state.extraction(of: document)))
            }
        }
    }

    enum Validation {
        case valid(document: Data)
        case policy(String)
        case refused(Int, String)
    }

    static let maximumRequestBytes = 32 << 20
    static let maximumOutputTokens = 128_000
    static let maximumImageBase64Bytes = 5 << 20
    static let maximumPDFPages = 100

    /// The document of a valid request, else the status and reason it is refused with.
    static func validate(_ request: Request, body: Data, state: FakeAnthropicState) async -> Validation {
        guard request.headers[HTTPField.Name("x-api-key")!] == state.apiKey else {
            return .refused(401, "invalid x-api-key")
        }
        guard request.headers[HTTPField.Name("anthropic-version")!] == "2023-06-01" else {
            return .refused(400, "anthropic-version must be 2023-06-01")
        }
        guard request.headers[.contentType]?.hasPrefix("application/json") == true else {
            return .refused(400, "content-type must be JSON")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            return .refused(400, "body is not JSON")
        }
        guard object["model"] as? String == state.model else { return .refused(404, "model not found") }
        guard let maxTokens = object["max_tokens"] as? Int, (1...maximumOutputTokens).contains(maxTokens) else {
            return .refused(400, "max_tokens must be 1 to \(maximumOutputTokens)")
        }
        if let temperature = object["temperature"] {
            guard let value = temperature as? Double, (0...1).contains(value) else {
                return .refused(400, "temperature: range: 0..1")
            }
            guard object["top_p"] == nil else {
                return .refused(400, "temperature and top_p cannot both be specified for this model")
            }
        }
        if let content = (object["messages"] as? [[String: Any]])?.first?["content"] as? [[String: Any]],
            content.first?["type"] as? String == "text"
        {
            return await validatePolicy(object, content: content, state: state)
        }
        guard let messages = object["messages"] as? [[String: Any]], messages.first?["role"] as? String == "user",
            let content = messages.first?["content"] as? [[String: Any]], let block = content.first,
            let source = block["source"] as? [String: Any], source["type"] as? String == "base64",
            let declared = source["media_type"] as? String, let encoded = source["data"] as? String,
            let bytes = Data(base64Encoded: encoded)
        else { return .refused(400, "messages.0.content.0 must be a base64 document or image block") }
        guard let actual = MediaType.sniff(bytes), actual.rawValue == declared else {
            return .refused(400, "media_type \(declared) does not match the data")
        }
        guard block["type"] as? String == (actual.isDocument ? "document" : "image") else {
            return .refused(400, "wrong block type for \(declared)")
        }
        if !actual.isDocument, encoded.utf8.count > maximumImageBase64Bytes {
            return .refused(
                400, "image exceeds 5 MB maximum: \(encoded.utf8.count) bytes > \(maximumImageBase64Bytes) bytes")
        }
        if actual.isDocument, pageCount(bytes) > maximumPDFPages {
            return .refused(400, "A maximum of \(maximumPDFPages) PDF pages may be provided.")
        }
        guard let format = (object["output_config"] as? [String: Any])?["format"] as? [String: Any],
            format["type"] as? String == "json_schema", let schema = format["schema"] as? [String: Any],
            schema["additionalProperties"] as? Bool == false
        else { return .refused(400, "output_config.format must be a strict json_schema") }
        if let problem = FakeSchemaRules.problem(schema) { return .refused(400, problem) }
        let instructions = content.dropFirst().compactMap { $0["text"] as? String }.joined()
        await state.record(
            FakeAnthropicRequest(
                model: state.model, blockType: block["type"] as? String ?? "", mediaType: declared,
                byteCount: bytes.count,
                hadClaimContext: instructions.contains("<claim>")))
        return .valid(document: bytes)
    }

    /// A policy request: the policy as a text block, instructions after it, and the strict
    /// schema of rules (every property required, none added) that structured outputs need.
    static func validatePolicy(_ object: [String: Any], content: [[String: Any]], state: FakeAnthropicState) async
        -> Validation
    {
        guard let text = content.first?["text"] as? String, text.hasPrefix("<policy_document>"),
            text.hasSuffix("</policy_document>")
        else { return .refused(400, "messages.0.content.0 must be a document or image block, or a policy") }
        guard let format = (object["output_config"] as? [String: Any])?["format"] as? [String: Any],
            format["type"] as? String == "json_schema", let schema = format["schema"] as? [String: Any],
            schema["additionalProperties"] as? Bool == false,
            let rules = (schema["properties"] as? [String: Any])?["rules"] as? [String: Any],
            let item = rules["items"] as? [String: Any], item["additionalProperties"] as? Bool == false,
            let properties = item["properties"] as? [String: Any],
            Set(item["required"] as? [String] ?? []) == Set(properties.keys)
        else { return .refused(400, "output_config.format must be a strict json_schema") }
        if let problem = FakeSchemaRules.problem(schema) { return .refused(400, problem) }
        let policy = String(text.dropFirst("<policy_document>".count).dropLast("</policy_document>".count))
        await state.recordPolicy(policy.trimmingCharacters(in: .newlines))
        await state.record(
            FakeAnthropicRequest(
                model: state.model, blockType: "text", mediaType: "text/plain", byteCount: text.utf8.count,
                hadClaimContext: false))
        return .policy(policy)
    }

    static func rulesJSON(_ rules: [FakePolicyRule]) -> String {
        let object: [String: Any] = ["rules": rules.map(\.object)]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    /// Page objects in a PDF (`/Type /Page`, not `/Pages`), as a PDF reader would count them.
    static func pageCount(_ pdf: Data) -> Int {
        let text = String(decoding: pdf, as: UTF8.self)
        var count = 0
        var rest = text[...]
        while let found = rest.range(of: "/Type /Page") {
            if rest[found.upperBound...].first != "s" { count += 1 }
            rest = rest[found.upperBound...]
        }
        return count
    }

    static func json(_ fields: [String: String?]) -> String {
        var object: [String: Any] = fields.mapValues { $0 as Any? ?? NSNull() }
        let total: Any = (fields["total_amount"] ?? nil) ?? NSNull()
        if object["line_items"] == nil { object["line_items"] = [["description": "Ride", "amount": total]] }
        return String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    static let counter = Counter()

    static func message(stopReason: String, text: String) -> Response {
        let object: [String: Any] = [
            "id": "msg_fake", "type": "message", "role": "assistant", "model": "claude-sonnet-4-6",
            "content": [["type": "text", "text": text]], "stop_reason": stopReason,
            "usage": ["input_tokens": 2500, "output_tokens": 200],
        ]
        return response(.ok, object)
    }

    static func error(status: Int, type: String, message: String) -> Response {
        response(
            HTTPResponse.Status(code: status),
            ["type": "error", "error": ["type": type, "message": message], "request_id": "req_fake"])
    }

    static func response(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(
            status: status,
            headers: [.contentType: "application/json", HTTPField.Name("request-id")!: "req_fake_\(counter.next())"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A thread-safe increasing number, for request ids.
final class Counter: Sendable {
    private let value = Mutex<Int>(0)
    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}
