import Application
import Domain
import Foundation
import Hummingbird
import Logging

/// The settings page's personal-data forms: a person's export (a JSON download) and erasure, the
/// workspace's export (a streamed download) and its deletion. Admins only, as in the API.
struct PrivacyPages: Sendable {
    let chrome: PageChrome
    let settings: SettingsPages
    let people: PersonalDataService
    let workspace: WorkspaceDataService
    let logger: Logger

    func register(on router: Router<KopiRequestContext>) {
        router.post("settings/privacy/export") { request, _ in
            try await post(request) { caller, form in
                let export = try await people.export(
                    try PersonalDataService.person(form.text("person")), caller: caller)
                return JSONResponse.download(try export.json(), fileName: "kopi-personal-data.json")
            }
        }
        router.post("settings/privacy/erase") { request, _ in
            try await post(request) { caller, form in
                let person = try PersonalDataService.person(form.text("person"))
                guard form.text("confirm") == "1" else {
                    throw APIError.invalidInput([PageLanguage.localizer(.privacyConfirmNeeded)])
                }
                _ = try await people.erase(person, caller: caller)
                return PageRenderer.redirect("/settings?done=erased#privacy")
            }
        }
        router.get("settings/workspace/export") { request, _ in
            try await chrome.page(request) { caller in
                PrivacyRoutes.stream(try await workspace.export(caller: caller), logger: logger)
            }
        }
        router.post("settings/workspace/delete") { request, _ in
            try await post(request) { caller, form in
                let deletion = try await workspace.delete(caller: caller, confirmation: form.text("confirm"))
                guard deletion.callerDeleted else { return PageRenderer.redirect("/approvals?done=workspace-deleted") }
                var response = PageRenderer.redirect("/sign-in")
                response.headers[.setCookie] = SessionAuthenticator.clearCookie
                return response
            }
        }
    }

    /// A form post that answers with `body`'s response, or the settings page with the error.
    private func post(_ request: Request, _ body: (Caller, FormBody) async throws -> Response) async throws
        -> Response
    {
        try await chrome.post(
            request, body,
            failed: { caller, error in
                PageRenderer.render(
                    "settings", try await settings.model(caller, request: request, error: error),
                    status: error.status)
            })
    }
}
