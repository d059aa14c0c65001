import Application
import Domain
import Foundation
import Hummingbird
import Ports

/// `/rules`: the rule library, with band edits and deletion for approvers and admins.
struct RulePages: Sendable {
    let chrome: PageChrome
    let rules: RuleService
    static let pageSize = 50

    func register(on router: Router<KopiRequestContext>) {
        router.get("rules") { request, _ in
            try await chrome.page(request) { caller in
                PageRenderer.render("rules", try await model(caller, request: request, error: nil))
            }
        }
        router.post("rules/{id}") { request, context in
            try await chrome.post(
                request,
                { caller, form in
                    _ = try await rules.updateBand(
                        try context.id(as: PatternID.self), lower: form.text("lower"), upper: form.text("upper"),
                        caller: caller)
                    return PageRenderer.redirect("/rules?done=rule")
                },
                failed: { caller, error in
                    PageRenderer.render(
                        "rules", try await model(caller, request: request, error: error), status: error.status)
                })
        }
        router.post("rules/{id}/delete") { request, context in
            try await chrome.post(
                request,
                { caller, _ in
                    try await rules.delete(try context.id(as: PatternID.self), caller: caller)
                    return PageRenderer.redirect("/rules?done=rule-removed")
                },
                failed: { caller, error in
                    PageRenderer.render(
                        "rules", try await model(caller, request: request, error: error), status: error.status)
                })
        }
    }

    func model(_ caller: Caller, request: Request, error: APIError?) async throws -> [String: Any] {
        let offset = (try? request.integer("offset", default: 0, range: 0...1_000_000)) ?? 0
        let found = try await rules.list(limit: Self.pageSize + 1, offset: offset, caller: caller)
        let timeZone = try await chrome.services.storage.withTenant(caller.tenantID) {
            try await $0.tenant.policy().calendar.timeZone
        }
        var model = try await chrome.model(caller, section: "rules", request: request)
        let canEdit = caller.role.allows(.approver)
        model["canEdit"] = canEdit
        model["items"] = found.prefix(Self.pageSize).map { pattern -> [String: Any] in
            let view = RuleView(pattern)
            return [
                "id": view.id, "vendor": view.vendor, "category": view.category, "lower": view.lower,
                "upper": view.upper,
                "currency": view.currency, "approvals": view.approvals, "rejections": view.rejections,
                "lastDecided": PageFormat.day(view.lastDecidedAt, timeZone), "canEdit": canEdit,
                "csrf": caller.csrfToken,
            ]
        }
        if offset > 0 { model["previous"] = "/rules?offset=\(max(0, offset - Self.pageSize))" }
        if found.count > Self.pageSize { model["next"] = "/rules?offset=\(offset + Self.pageSize)" }
        if let error { model["error"] = PageChrome.errorModel(error) }
        return model
    }
}
