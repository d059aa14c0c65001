import Application
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/auth/google/start` and `/callback`: the HTTP edge of ``GoogleSignIn``, which binds
/// the state to the browser by a short-lived `__Host-` cookie. 404 when Google is not configured.
struct GoogleSignInRoutes: Sendable {
    static let stateCookie = "__Host-kopi_oauth"
    let google: GoogleSignIn?

    func register(on router: Router<KopiRequestContext>) {
        router.get("api/v1/auth/google/start") { _, context in
            guard let google else { throw APIError.notFound }
            do {
                let start = try await google.start(from: context.client.rateLimitKey)
                var response = PageRenderer.redirect(start.url.absoluteString)
                response.headers[.setCookie] =
                    "\(Self.stateCookie)=\(start.state); Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=\(Int(GoogleSignIn.stateLifetime))"
                return response
            } catch GoogleSignIn.Failure.notCompleted {
                return PageRenderer.redirect("/sign-in?error=google")
            }
        }
        router.get("api/v1/auth/google/callback") { request, _ in
            guard let google else { throw APIError.notFound }
            var response = try await callback(request, google: google)
            response.headers.append(
                HTTPField(
                    name: .setCookie, value: "\(Self.stateCookie)=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"))
            return response
        }
    }

    private func callback(_ request: Request, google: GoogleSignIn) async throws -> Response {
        let failed = PageRenderer.redirect("/sign-in?error=google")
        guard request.query("error") == nil, let code = request.query("code"), let state = request.query("state") else {
            return failed
        }
        do {
            let signedIn = try await google.finish(
                code: code, state: state, boundState: request.cookie(named: Self.stateCookie),
                replacing: SessionAuthenticator.sessionToken(request))
            var response = PageRenderer.redirect("/approvals")
            response.headers[.setCookie] = SessionAuthenticator.setCookie(
                signedIn.sessionToken, maxAge: Int(Session.absoluteTimeout))
            return response
        } catch GoogleSignIn.Failure.notCompleted {
            return failed
        } catch let error as ApplicationError {
            let message = MessagePage(
                heading: "Google sign-in", text: error.message,
                link: MessagePage.Link(href: "/sign-in", label: "Sign in with an e-mail link"))
            return PageRenderer.render("message", PageModel(message), status: APIError(error).status)
        }
    }
}
