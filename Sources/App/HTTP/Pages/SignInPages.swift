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
                        message: PageLanguage.localizer(.signInGoogleFailed)))
            }
            return PageRenderer.render("sign-in", PageModel(page))
        }
        router.post("sign-in") { request, context in
            let form = try await FormBody.read(request, limit: 4096)
            guard let email = EmailAddress(form.text("email")) else {
                let page = SignInPage(
                    google: googleEnabled, email: form.text("email"),
                    error: ErrorModel(.invalidInput([PageLanguage.localizer(.signInEmailInvalid)])))
                return PageRenderer.render("sign-in", PageModel(page), status: .unprocessableContent)
            }
            do {
                try await signIn.requestLink(
                    for: email, from: context.client.rateLimitKey, language: PageLanguage.current)
            } catch let error as ApplicationError {
                let page = SignInPage(google: googleEnabled, error: ErrorModel(APIError(error)))
                return PageRenderer.render("sign-in", PageModel(page), status: APIError(error).status)
            }
            return PageRenderer.render(
                "sign-in",
                PageModel(
                    SignInPage(
                        sent: true, email: email.value,
                        sentText: PageLanguage.localizer(.signInSent, ["email": email.value]))),
                status: .accepted)
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
                let t = PageLanguage.localizer
                let message = MessagePage(
                    heading: t(.linkExpiredHeading), text: t(.linkExpiredText),
                    link: MessagePage.Link(href: "/sign-in", label: t(.linkExpiredNew)))
                return PageRenderer.render("message", PageModel(message), status: .badRequest)
            }
            var response = PageRenderer.redirect("/approvals")
            response.headers[.setCookie] = SessionAuthenticator.setCookie(
                signedIn.sessionToken, maxAge: Int(Session.absoluteTimeout))
            return response
        }
        router.post("language") { request, _ in
            let form = try await FormBody.read(request, limit: 4096)
            guard let language = Language(rawValue: form.text("language")) else {
                throw APIError.invalidInput(["Choose en or zh-CN."])
            }
            if let caller = try await authenticator.caller(request), (try? caller.verifyCSRF(form["_csrf"])) != nil {
                try await signIn.setLanguage(language, for: caller.user.id)
            }
            let next = form.text("next")
            let local = next.hasPrefix("/") && !next.hasPrefix("//") && !next.contains("\\") && next.count <= 200
            var response = PageRenderer.redirect(local ? next : "/")
            response.headers[.setCookie] = PageLanguage.setCookie(language)
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
    /// The confirmation once a link was requested, naming the address.
    var sentText = ""
}
