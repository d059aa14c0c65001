public import Application
public import Domain
import Foundation
public import Hummingbird
import Ports

/// What every signed-in page shows around its content, and the guard that sends anonymous
/// visitors to the sign-in page and turns failures into readable pages.
public struct PageChrome: Sendable {
    public let services: AppServices
    let authenticator: SessionAuthenticator

    /// Fixed confirmations after a successful form post (`?done=key`); never free text from the URL.
    public static let confirmations: [String: Phrase] = [
        "lark": .doneLark,
        "lark-removed": .doneLarkRemoved,
        "flow": .doneFlow,
        "flow-removed": .doneFlowRemoved,
        "mapping": .doneMapping,
        "policy": .donePolicy,
        "invited": .doneInvited,
        "member": .doneMember,
        "member-removed": .doneMemberRemoved,
        "rule": .doneRule,
        "rule-removed": .doneRuleRemoved,
        "job-retried": .doneJobRetried,
        "job-discarded": .doneJobDiscarded,
        "erased": .doneErased,
        "workspace-deleted": .doneWorkspaceDeleted,
        "demo": .doneDemo,
        "language": .doneLanguage,
        "imported": .doneImported,
        "proposal-saved": .doneProposalSaved,
        "proposal-accepted": .doneProposalAccepted,
        "proposal-rejected": .doneProposalRejected,
    ]

    /// The base model: navigation, who is signed in, CSRF token, confirmation. A page that has
    /// read the workspace already passes it, saving a transaction.
    public func model(_ caller: Caller, section: Section, request: Request, tenant known: Tenant? = nil) async throws
        -> ChromeModel
    {
        let tenant: Tenant
        if let known {
            tenant = known
        } else {
            tenant = try await services.storage.withTenant(caller.tenantID) { try await $0.tenant.tenant() }
        }
        var nav = ChromeModel.Nav(email: caller.user.email.value, workspace: tenant.name, csrf: caller.csrfToken)
        switch section {
        case .approvals: nav.approvals = true
        case .rules: nav.rules = true
        case .report: nav.report = true
        case .settings: nav.settings = true
        }
        return ChromeModel(
            nav: nav, csrf: caller.csrfToken,
            flash: request.query("done").flatMap { Self.confirmations[$0] }.map { PageLanguage.localizer($0) })
    }

    /// The navigation's sections.
    public enum Section: Sendable { case approvals, rules, report, settings }

    /// Runs a signed-in page: anonymous visitors go to sign-in; known failures become a page.
    public func page(_ request: Request, _ body: (Caller) async throws -> Response) async throws -> Response {
        guard let caller = try await authenticator.caller(request) else { return PageRenderer.redirect("/sign-in") }
        return try await PageLanguage.$current.withValue(caller.user.language ?? PageLanguage.current) {
            do {
                return try await body(caller)
            } catch {
                guard let error = APIError.known(error) else { throw error }
                let t = PageLanguage.localizer
                let message = MessagePage(
                    heading: t(error.status == .notFound ? .pageNotFound : .pageNeedsAttention),
                    text: ErrorModel.sentence(error),
                    link: MessagePage.Link(href: "/approvals", label: t(.backToApprovals)),
                    nav: MessagePage.Nav(email: caller.user.email.value, csrf: caller.csrfToken))
                return PageRenderer.render("message", PageModel(message), status: error.status)
            }
        }
    }

    /// Runs a signed-in form post: checks the CSRF token, then `body`; on invalid input `failed`
    /// re-renders the page with the error.
    public func post(
        _ request: Request, limit: Int = 64 * 1024, _ body: (Caller, FormBody) async throws -> Response,
        failed: (Caller, APIError) async throws -> Response
    ) async throws -> Response {
        guard let caller = try await authenticator.caller(request) else { return PageRenderer.redirect("/sign-in") }
        let form = try await FormBody.read(request, limit: limit)
        try caller.verifyCSRF(form["_csrf"])
        return try await PageLanguage.$current.withValue(caller.user.language ?? PageLanguage.current) {
            do {
                return try await body(caller, form)
            } catch {
                guard let known = APIError.known(error), known.status != .forbidden else { throw error }
                return try await failed(caller, known)
            }
        }
    }
}
