import Application
import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Ports

/// Google sign-in: `/api/v1/auth/google/start` and `/callback`, the authorization code flow
/// with state, nonce and PKCE. State, nonce and verifier are kept server-side (state only as a
/// hash), and the state is also bound to the browser by a short-lived `__Host-` cookie, so a
/// callback URL from someone else's attempt cannot sign this browser in. 404 when not configured.
struct GoogleSignInRoutes: Sendable {
    static let stateCookie = "__Host-kopi_oauth"
    let services: AppServices
    let signIn: SignInService

    var redirectURI: String {
        services.publicURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            + "/api/v1/auth/google/callback"
    }

    func register(on router: Router<KopiRequestContext>) {
        router.get("api/v1/auth/google/start") { _, _ in
            guard let provider = services.identityProvider else { throw APIError.notFound }
            let state = Base64URL.encode(services.randomness.bytes(32))
            let nonce = Base64URL.encode(services.randomness.bytes(32))
            let verifier = Base64URL.encode(services.randomness.bytes(32))
            let challenge = Base64URL.encode(Array(SHA256.hash(data: Data(verifier.utf8))))
            do {
                let url = try await provider.authorizationURL(
                    state: state, nonce: nonce, codeChallenge: challenge, redirectURI: redirectURI)
                try await services.storage.auth.insertOAuthState(
                    OAuthState(
                        stateHash: SignInService.hash(state), nonce: Secret(nonce), codeVerifier: Secret(verifier),
                        expiresAt: services.clock.now().addingTimeInterval(600)))
                var response = PageRenderer.redirect(url.absoluteString)
                response.headers[.setCookie] =
                    "\(Self.stateCookie)=\(state); Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600"
                return response
            } catch let error as IdentityError {
                services.logger.warning("google sign-in could not start", metadata: ["error": "\(error)"])
                return PageRenderer.redirect("/sign-in?error=google")
            }
        }
        router.get("api/v1/auth/google/callback") { request, _ in
            guard let provider = services.identityProvider else { throw APIError.notFound }
            var response = try await callback(request, provider: provider)
            response.headers.append(
                HTTPField(
                    name: .setCookie, value: "\(Self.stateCookie)=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"))
            return response
        }
    }

    private func callback(_ request: Request, provider: any IdentityProvider) async throws -> Response {
        let failed = PageRenderer.redirect("/sign-in?error=google")
        guard request.query("error") == nil, let code = request.query("code"), let state = request.query("state"),
            state.count <= 100,
            let bound = request.cookie(named: Self.stateCookie), ConstantTime.equal(bound, state)
        else { return failed }
        guard
            let stored = try await services.storage.auth.consumeOAuthState(
                hash: SignInService.hash(state), now: services.clock.now())
        else {
            return failed
        }
        do {
            let identity = try await provider.identity(
                code: code, codeVerifier: stored.codeVerifier.revealForOutboundUse(),
                nonce: stored.nonce.revealForOutboundUse(),
                redirectURI: redirectURI)
            let signedIn = try await signIn.signIn(
                google: identity, replacing: SessionAuthenticator.sessionToken(request))
            var response = PageRenderer.redirect("/approvals")
            response.headers[.setCookie] = SessionAuthenticator.setCookie(
                signedIn.sessionToken, maxAge: Int(Session.absoluteTimeout))
            return response
        } catch let error as IdentityError {
            services.logger.notice("google sign-in refused", metadata: ["error": "\(error)"])
            return failed
        } catch let error as ApplicationError {
            let message = MessagePage(
                heading: "Google sign-in", text: error.message,
                link: MessagePage.Link(href: "/sign-in", label: "Sign in with an e-mail link"))
            return PageRenderer.render("message", PageModel(message), status: APIError(error).status)
        }
    }
}
