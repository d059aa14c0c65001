import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A fake OpenID provider on loopback: discovery, authorize (redirects straight back with a
/// code, as if the person had chosen their account), token (checks secret, code, redirect URI
/// and the PKCE verifier) and JWKS.
public final class FakeOIDCServer: Sendable {
    public let state: FakeOIDCState
    let server: LoopbackServer

    public var issuer: String { server.baseURL }

    init(state: FakeOIDCState, server: LoopbackServer) {
        self.state = state
        self.server = server
    }

    public static func start(state: FakeOIDCState = FakeOIDCState()) async throws -> FakeOIDCServer {
        let router = Router()
        router.get("/.well-known/openid-configuration") { _, _ in
            let issuer = await state.issuer
            return json([
                "issuer": issuer, "authorization_endpoint": issuer + "/authorize", "token_endpoint": issuer + "/token",
                "jwks_uri": issuer + "/jwks",
            ])
        }
        router.get("/jwks") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: await state.jwks())))
        }
        router.get("/authorize") { request, _ in
            let query = request.uri.queryParameters
            guard query.get("response_type") == "code", query.get("code_challenge_method") == "S256",
                let redirect = query.get("redirect_uri"), let stateValue = query.get("state"),
                let code = await state.authorize(
                    clientID: query.get("client_id") ?? "", redirectURI: redirect, nonce: query.get("nonce") ?? "",
                    challenge: query.get("code_challenge") ?? "")
            else { return Response(status: .badRequest) }
            var components = URLComponents(string: redirect)
            components?.queryItems = [
                URLQueryItem(name: "code", value: code), URLQueryItem(name: "state", value: stateValue),
            ]
            return Response(status: .seeOther, headers: [.location: components?.string ?? redirect])
        }
        router.post("/token") { request, _ in
            let body = String(buffer: try await request.body.collect(upTo: 64 * 1024))
            var form: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
                if parts.count == 2 { form[parts[0]] = parts[1] }
            }
            guard form["grant_type"] == "authorization_code",
                let token = await state.exchange(
                    code: form["code"] ?? "", clientID: form["client_id"] ?? "", secret: form["client_secret"] ?? "",
                    redirectURI: form["redirect_uri"] ?? "", verifier: form["code_verifier"] ?? "")
            else { return json(["error": "invalid_grant"], status: .badRequest) }
            return json(["id_token": token, "access_token": "ya29.fake", "token_type": "Bearer", "expires_in": 3599])
        }
        let server = try await LoopbackServer.start(router, name: "fake-oidc")
        await state.setIssuer(server.baseURL)
        return FakeOIDCServer(state: state, server: server)
    }

    public func stop() async { await server.stop() }

    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())))
    }
}
