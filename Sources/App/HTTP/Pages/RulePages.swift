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

    struct Page: Sendable {
        struct Item: Sendable {
            let id: String
            let vendor: String
            let category: String
            let lower: String
            let upper: String
            let currency: String
            let approvals: Int
            let rejections: Int
            let lastDecided: String
            let canEdit: Bool
            let csrf: String
        }

        let canEdit: Bool
        let items: [Item]
        let previous: String?
        let next: String?
        let error: ErrorModel?
    }

    func model(_ caller: Caller, request: Request, error: APIError?) async throws -> PageModel {
        let offset = (try? request.integer("offset", default: 0, range: 0...1_000_000)) ?? 0
        let found = try await rules.list(limit: Self.pageSize + 1, offset: offset, caller: caller)
        let timeZone = try await chrome.services.storage.withTenant(caller.tenantID) {
            try await $0.tenant.policy().calendar.timeZone
        }
        let canEdit = caller.role.allows(.approver)
        let items = found.prefix(Self.pageSize).map { pattern in
            let view = RuleView(pattern)
            return Page.Item(
                id: view.id, vendor: view.vendor, category: view.category, lower: view.lower, upper: view.upper,
                currency: view.currency, approvals: view.approvals, rejections: view.rejections,
                lastDecided: PageFormat.day(view.lastDecidedAt, timeZone), canEdit: canEdit, csrf: caller.csrfToken)
        }
        let page = Page(
            canEdit: canEdit, items: Array(items),
            previous: offset > 0 ? "/rules?offset=\(max(0, offset - Self.pageSize))" : nil,
            next: found.count > Self.pageSize ? "/rules?offset=\(offset + Self.pageSize)" : nil,
            error: error.map(ErrorModel.init))
        return PageModel(page, chrome: try await chrome.model(caller, section: .rules, request: request))
    }
}
