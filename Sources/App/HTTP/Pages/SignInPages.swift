import Application
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The pages around signing in: `/sign-in` (request a link), `/sign-in/confirm` (the link's
/// target, which signs in only by POST), `/sign-out`, and `/` (where to go).
struct SignInPages: Sendable {
    let signIn: SignInService
    let authenticator: SessionAuthenticator
    let googleEnabled: Bool

    func register(on router: Router<KopiRequestContext>) {
        router.get("/") { request, _ in
            PageRenderer.redirect(try await authenticator.caller(request) == nil ? "/sign-in" : "/approvals")
        }
        router.get("sign-in") { request, _ in
            if try await authenticator.caller(request) != nil { return PageRenderer.redirect("/approvals") }
            var page = SignInPage(google: googleEnabled)
            if request.query("error") == "google" {
                page.error = ErrorModel(
                    APIError(
                        status: .badRequest, code: "google_failed",
                        message: "Google sign-in did not complete. Try again, or use an e-mail link."))
            }
            return PageRenderer.render("sign-in", PageModel(page))
        }
        router.post("sign-in") { request, context in
            let form = try await FormBody.read(request, limit: 4096)
            guard let email = EmailAddress(form.text("email")) else {
                let page = SignInPage(
                    google: googleEnabled, email: form.text("email"),
                    error: ErrorModel(.invalidInput(["Enter an e-mail address such as ana@example.com."])))
                return PageRenderer.render("sign-in", PageModel(page), status: .unprocessableContent)
            }
            do {
                try await signIn.requestLink(for: email, from: context.client.rateLimitKey)
            } catch let error as ApplicationError {
                let page = SignInPage(google: googleEnabled, error: ErrorModel(APIError(error)))
                return PageRenderer.render("sign-in", PageModel(page), status: APIError(error).status)
            }
            return PageRenderer.render(
                "sign-in", PageModel(SignInPage(sent: true, email: email.value)), status: .accepted)
        }
        router.get("sign-in/confirm") { _, _ in
            var response = PageRenderer.render("confirm", PageModel(SignInPage()))
            // The page's URL carries the token in its fragment: never leak it through Referer.
            response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
            return response
        }
        router.post("sign-in/confirm") { request, context in
            let form = try await FormBody.read(request, limit: 4096)
            let token = form.text("token")
            guard !token.isEmpty, token.count <= 100,
                let signedIn = try await signIn.redeem(
                    token, from: context.client.rateLimitKey, replacing: SessionAuthenticator.sessionToken(request))
            else {
                let message = MessagePage(
                    heading: "This link no longer works",
                    text: "Sign-in links work once, for 15 minutes, and only the newest one. Ask for a new link.",
                    link: MessagePage.Link(href: "/sign-in", label: "Get a new link"))
                return PageRenderer.render("message", PageModel(message), status: .badRequest)
            }
            var response = PageRenderer.redirect("/approvals")
            response.headers[.setCookie] = SessionAuthenticator.setCookie(
                signedIn.sessionToken, maxAge: Int(Session.absoluteTimeout))
            return response
        }
        router.post("sign-out") { request, _ in
            if let caller = try await authenticator.caller(request) {
                let form = try await FormBody.read(request, limit: 4096)
                try caller.verifyCSRF(form["_csrf"])
                try await signIn.signOut(sessionToken: caller.sessionToken)
            }
            var response = PageRenderer.redirect("/sign-in")
            response.headers[.setCookie] = SessionAuthenticator.clearCookie
            response.headers[HTTPField.Name("Clear-Site-Data")!] = "\"cookies\""
            return response
        }
    }
}

/// `/sign-in`: the e-mail form, the "link sent" answer, or an error.
struct SignInPage: Sendable {
    var google = false
    var sent = false
    var email = ""
    var error: ErrorModel? = nil
}
