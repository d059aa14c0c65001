import Crypto
import Domain
import Foundation
public import Logging
public import Ports

/// ``LarkGateway`` over libcurl.
public struct CurlLarkGateway: LarkGateway {
    let http: any HTTPClient
    let configuration: LarkGatewayConfiguration
    let clock: any WallClock
    let logger: Logger
    let tokens = LarkTokenCache()

    static let invalidTokenCodes: Set<Int> = [99_991_663, 99_991_664, 99_991_671]

    public init(http: any HTTPClient, configuration: LarkGatewayConfiguration, clock: any WallClock, logger: Logger) {
        self.http = http
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    func baseURL(_ app: LarkApp) -> String {
        configuration.baseURLOverride ?? "https://\(app.domain.openAPIHost)"
    }

    // MARK: Token

    func fetchToken(_ app: LarkApp) async throws(LarkError) -> (String, TimeInterval) {
        let body = try Self.encode(
            LarkWire.TokenRequest(appID: app.appID, appSecret: app.appSecret.revealForOutboundUse()))
        let request = HTTPClientRequest(
            method: "POST", url: baseURL(app) + "/open-apis/auth/v3/tenant_access_token/internal",
            headers: [("Content-Type", "application/json; charset=utf-8")], body: body,
            timeout: configuration.requestTimeout)
        let granted = try await withRetries(path: "auth/v3/tenant_access_token") { () throws(LarkError) in
            try await self.exchange(request, path: "auth/v3/tenant_access_token", as: LarkWire.TokenResponse.self)
        }
        let margin = min(configuration.tokenExpiryMargin, granted.expire / 2)
        return (granted.tenantAccessToken, granted.expire - margin)
    }

    func token(_ app: LarkApp) async throws(LarkError) -> String {
        do {
            return try await tokens.token(for: app, now: clock.now()) { try await self.fetchToken(app) }
        } catch let error as LarkError {
            throw error
        } catch {
            throw LarkError(.transport)
        }
    }

    // MARK: Calls

    /// Calls an Open API endpoint with the tenant token and decodes the answer's `data`.
    func call<Answer: LarkWire.Readable>(
        _ method: String, _ path: String, query: [(String, String)] = [], body: (any Encodable)? = nil,
        answer: Answer.Type = LarkWire.Nothing.self, app: LarkApp
    ) async throws(LarkError) -> Answer {
        var components = URLComponents(string: baseURL(app) + path)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.string else { throw LarkError(.malformedResponse) }
        let payload = try body.map { body throws(LarkError) in try Self.encode(body) }
        let envelope = try await withRetries(path: path) { () throws(LarkError) in
            var refreshedToken = false
            while true {
                let token = try await self.token(app)
                let request = HTTPClientRequest(
                    method: method, url: url,
                    headers: [
                        ("Authorization", "Bearer \(token)"), ("Content-Type", "application/json; charset=utf-8"),
                    ],
                    body: payload, timeout: configuration.requestTimeout)
                let outcome = await Self.capture { () throws(LarkError) in
                    try await self.exchange(request, path: path, as: LarkWire.Envelope<Answer>.self)
                }
                switch outcome {
                case .success(let envelope):
                    return envelope
                case .failure(let error)
                where error.code.map(Self.invalidTokenCodes.contains) == true && !refreshedToken:
                    // Lark rejected a token Kopi thought valid: refresh once and try again.
                    refreshedToken = true
                    await self.tokens.invalidate(token, for: app)
                case .failure(let error):
                    throw error
                }
            }
        }
        if let payload = envelope.data { return payload }
        if let nothing = LarkWire.Nothing() as? Answer { return nothing }
        throw LarkError(.malformedResponse)
    }

    /// One HTTP exchange: an answer with `code == 0`, decoded once as `Body`, or the typed failure.
    /// Only an answer that is not a `Body` (a failure's `data` may differ) is read again for its code.
    func exchange<Body: LarkWire.Coded>(_ request: HTTPClientRequest, path: String, as: Body.Type)
        async throws(LarkError) -> Body
    {
        let response: HTTPClientResponse
        do {
            response = try await http.send(request)
        } catch .tooLarge {
            throw LarkError(.tooLarge)
        } catch {
            throw LarkError(.transport)
        }
        let logID = response.headers["x-tt-logid"]
        let json = try? JSONValue.parse(response.body)
        let decoded = json.flatMap { try? Body(json: $0) }
        let status = decoded.map { LarkWire.Status(code: $0.code) } ?? json.flatMap { try? LarkWire.Status(json: $0) }
        let code = status?.code
        if response.status == 429 || code == 99_991_400 || code == 230020 {
            // 230020 (five patches a second per message) names no reset: a second is enough.
            let reset = response.headers["x-ogw-ratelimit-reset"].flatMap(Double.init) ?? (code == 230020 ? 1 : nil)
            throw LarkError(.rateLimited, code: code ?? 99_991_400, logID: logID, retryAfter: reset)
        }
        if let code, code != 0 {
            let error = LarkError(Self.kind(code: code, status: response.status), code: code, logID: logID)
            logger.warning(
                "lark call failed",
                metadata: [
                    "path": "\(path)", "code": "\(code)", "status": "\(response.status)", "logid": "\(logID ?? "-")",
                ])
            throw error
        }
        guard (200..<300).contains(response.status), status != nil else {
            logger.warning(
                "lark call failed",
                metadata: ["path": "\(path)", "status": "\(response.status)", "logid": "\(logID ?? "-")"])
            throw LarkError(response.status >= 500 ? .unavailable : .malformedResponse, logID: logID)
        }
        guard let decoded else { throw LarkError(.malformedResponse, logID: logID) }
        return decoded
    }

    static func encode(_ body: any Encodable) throws(LarkError) -> Data {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return try encoder.encode(body)
        } catch {
            throw LarkError(.malformedResponse)
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws(LarkError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw LarkError(.malformedResponse)
        }
    }

    static func capture<Value>(_ body: () async throws(LarkError) -> Value) async -> Result<Value, LarkError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    static func kind(code: Int, status: Int) -> LarkError.Kind {
        switch code {
        case 99_991_543, 99_991_662, 99_991_673, 10014, 10003: .invalidCredentials
        case 99_991_672, 99_991_676, 1_390_009: .permissionDenied
        case 1_390_002, 1_390_003, 1_390_010, 1_390_016: .notFound
        case 1_390_018: .signatureRequired
        case 1_395_001: .unavailable
        // A token refused again after a refresh is token churn (another refresh raced it), not a
        // refusal of the app: revoked credentials fail the token request itself (99991543…).
        case 99_991_663, 99_991_664, 99_991_671: .unavailable
        case 99_991_400, 230020: .rateLimited
        case 230013, 230006: .notReachable
        case 230031, 300030, 300040: .expired
        default: status >= 500 ? .unavailable : .rejected
        }
    }
}
