import Application
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/auth`: magic-link request and redeem, `me`, workspace switch, logout.
struct AuthRoutes: Sendable {
    let signIn: SignInService
    let authenticator: SessionAuthenticator

    struct LinkRequest: Decodable { let email: String }
    struct RedeemRequest: Decodable { let token: String }
    struct WorkspaceRequest: Decodable { let id: String }

    func register(on router: Router<KopiRequestContext>) {
        let auth = router.group("api/v1/auth")
        auth.post("magic-link") { request, context in
            let body = try await JSONBody.decode(LinkRequest.self, from: request, limit: 4096)
            guard let email = APIEmail.parse(body.email) else {
                throw APIError.invalidInput(["email: enter an e-mail address such as ana@example.com."])
            }
            try await signIn.requestLink(
                for: email, from: context.client.rateLimitKey,
                language: Language.preferred(acceptLanguage: request.headers[.acceptLanguage]) ?? .english)
            return JSONResponse.object(.accepted, ["status": "If the address can sign in, a link is on its way."])
        }
        auth.post("magic-link/redeem") { request, context in
            let body = try await JSONBody.decode(RedeemRequest.self, from: request, limit: 4096)
            guard !body.token.isEmpty, body.token.count <= 100 else {
                throw APIError.invalidInput(["token: malformed."])
            }
            guard
                let signedIn = try await signIn.redeem(
                    body.token, from: context.client.rateLimitKey, replacing: SessionAuthenticator.sessionToken(request)
                )
            else {
                throw APIError(
                    status: .unauthorized, code: "invalid_or_expired_link",
                    message:
                        "This link was already used, has expired or was replaced by a newer one. Ask for a new link.")
            }
            var response = JSONResponse.object(
                .ok, Self.describe(signedIn.user, signedIn.memberships, active: signedIn.memberships.first?.tenantID))
            response.headers[.setCookie] = SessionAuthenticator.setCookie(
                signedIn.sessionToken, maxAge: Int(Session.absoluteTimeout))
            return response
        }
        auth.get("me") { request, _ in
            let caller = try await authenticator.require(request)
            return JSONResponse.object(.ok, Self.describe(caller.user, caller.memberships, active: caller.tenantID))
        }
        auth.post("workspace") { request, _ in
            let caller = try await authenticator.require(request)
            let body = try await JSONBody.decode(WorkspaceRequest.self, from: request, limit: 4096)
            guard let tenantID = TenantID(body.id) else { throw APIError.notFound }
            try await signIn.switchWorkspace(caller, to: tenantID)
            return Response(status: .noContent)
        }
        auth.post("logout") { request, _ in
            if let token = SessionAuthenticator.sessionToken(request) { try await signIn.signOut(sessionToken: token) }
            var response = Response(status: .noContent)
            response.headers[.setCookie] = SessionAuthenticator.clearCookie
            return response
        }
    }

    static func describe(_ user: User, _ memberships: [Member], active: TenantID?) -> [String: any Sendable] {
        [
            "user": ["id": user.id.description, "email": user.email.value] as [String: any Sendable],
            "activeWorkspace": active?.description ?? NSNull(),
            "workspaces": memberships.map { ["id": $0.tenantID.description, "role": $0.role.rawValue] },
        ]
    }
}
