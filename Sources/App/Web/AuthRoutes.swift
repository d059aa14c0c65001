import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/api/v1/auth`: magic-link request and redeem, `me`, logout. JSON errors with stable codes.
struct AuthRoutes: Sendable {
    static let cookieName = "__Host-kopi_session"
    let signIn: SignInService
    let publicURL: URL

    func register(on router: Router<BasicRequestContext>) {
        let auth = router.group("api/v1/auth")
        auth.post("magic-link") { request, _ in
            try await guarded(request) {
                guard let body = try await Self.json(request), let email = (body["email"] as? String).flatMap(EmailAddress.init) else {
                    return Self.error(.badRequest, "invalid_email")
                }
                try await signIn.requestLink(for: email)
                return Self.reply(.accepted, ["status": "If the address can sign in, a link is on its way."])
            }
        }
        auth.post("magic-link/redeem") { request, _ in
            try await guarded(request) {
                guard let body = try await Self.json(request), let token = body["token"] as? String, !token.isEmpty, token.count <= 100 else {
                    return Self.error(.badRequest, "malformed_request")
                }
                guard let signedIn = try await signIn.redeem(token) else { return Self.error(.badRequest, "invalid_or_expired_link") }
                var response = Self.reply(.ok, Self.describe(signedIn.user, signedIn.memberships))
                response.headers[.setCookie] = "\(Self.cookieName)=\(signedIn.sessionToken); Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=\(Int(Session.absoluteTimeout))"
                return response
            }
        }
        auth.get("me") { request, _ in
            guard let token = Self.sessionToken(request), let (user, memberships, _) = try await signIn.current(sessionToken: token) else {
                return Self.error(.unauthorized, "unauthenticated")
            }
            return Self.reply(.ok, Self.describe(user, memberships))
        }
        auth.post("logout") { request, _ in
            try await guarded(request) {
                if let token = Self.sessionToken(request) { try await signIn.signOut(sessionToken: token) }
                var response = Response(status: .noContent)
                response.headers[.setCookie] = "\(Self.cookieName)=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"
                return response
            }
        }
    }

    /// Unsafe methods must come from this origin: a cross-site `Origin` or `Sec-Fetch-Site` is refused.
    func guarded(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        let origin = request.headers[HTTPField.Name("Origin")!]
        let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!]
        let expected = "\(publicURL.scheme ?? "https")://\(publicURL.host ?? "")" + (publicURL.port.map { ":\($0)" } ?? "")
        if let origin, origin != expected { return Self.error(.forbidden, "cross_origin_request") }
        if let site, site != "same-origin", site != "none" { return Self.error(.forbidden, "cross_origin_request") }
        return try await body()
    }

    static func sessionToken(_ request: Request) -> String? {
        guard let header = request.headers[.cookie] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2, pair[0] == cookieName, !pair[1].isEmpty { return pair[1] }
        }
        return nil
    }

    static func json(_ request: Request) async throws -> [String: Any]? {
        guard request.headers[.contentType]?.hasPrefix("application/json") == true else { return nil }
        let body = try await request.body.collect(upTo: 16 * 1024)
        return (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
    }

    static func describe(_ user: User, _ memberships: [Member]) -> [String: Any] {
        [
            "user": ["id": user.id.description, "email": user.email.value],
            "workspaces": memberships.map { ["id": $0.tenantID.description, "role": $0.role.rawValue] },
        ]
    }

    static func reply(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ status: HTTPResponse.Status, _ code: String) -> Response { reply(status, ["error": code]) }
}
