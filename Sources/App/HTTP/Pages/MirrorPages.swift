import Application
import Domain
import Foundation
import Hummingbird
import Ports

/// `/policy`: Mirror on the dashboard. Admins import the written policy (pasted, or a PDF) and
/// edit, accept or reject each proposed rule; every member sees the proposals and the sentences
/// they cite.
struct MirrorPages: Sendable {
    let chrome: PageChrome
    let mirror: PolicyMirrorService
    let aiReady: Bool

    func register(on router: Router<KopiRequestContext>) {
        router.get("policy") { request, _ in
            try await chrome.page(request) { caller in
                PageRenderer.render("mirror", try await model(caller, request: request))
            }
        }
        post(router, "policy/import", limit: PolicyDocument.maximumPDFBytes + 512 * 1024) { caller, form, _ in
            let source: PolicyMirrorService.Source =
                if let pdf = form.files["pdf"] { .pdf(pdf) } else { .text(form.fields["text"] ?? "") }
            let imported = try await mirror.importPolicy(name: form.text("name"), source: source, caller: caller)
            return "/policy?done=imported#d-\(imported.document.id)"
        }
        post(router, "policy/proposals/{id}") { caller, form, context in
            let id = try context.id(as: RuleProposalID.self)
            guard let kind = PolicyRule.Kind(rawValue: form.text("kind")) else {
                throw APIError.invalidInput([PageLanguage.localizer(.problemProposalEdit)])
            }
            _ = try await mirror.edit(id, rule: try Self.rule(kind, form), caller: caller)
            return "/policy?done=proposal-saved#p-\(id)"
        }
        post(router, "policy/proposals/{id}/accept") { caller, _, context in
            let id = try context.id(as: RuleProposalID.self)
            _ = try await mirror.accept(id, caller: caller)
            return "/policy?done=proposal-accepted#p-\(id)"
        }
        post(router, "policy/proposals/{id}/reject") { caller, _, context in
            let id = try context.id(as: RuleProposalID.self)
            _ = try await mirror.reject(id, caller: caller)
            return "/policy?done=proposal-rejected#p-\(id)"
        }
    }

    private func post(
        _ router: Router<KopiRequestContext>, _ path: RouterPath, limit: Int = 64 * 1024,
        _ body: @escaping @Sendable (Caller, FormBody, KopiRequestContext) async throws -> String
    ) {
        router.post(path) { request, context in
            try await chrome.post(
                request, limit: limit, { caller, form in PageRenderer.redirect(try await body(caller, form, context)) },
                failed: { caller, error in
                    PageRenderer.render(
                        "mirror", try await model(caller, request: request, error: error), status: error.status)
                })
        }
    }

    /// The edited rule from the proposal's form: the fields of its kind.
    static func rule(_ kind: PolicyRule.Kind, _ form: FormBody) throws -> PolicyRule {
        func money() throws -> Money {
            guard let amount = PolicyForm.money(form.text("amount")) else {
                throw APIError.invalidInput([PageLanguage.localizer(.problemAmount)])
            }
            return amount
        }
        switch kind {
        case .categoryCap: return .categoryCap(category: form.text("category").lowercased(), cap: try money())
        case .dailyCap: return .dailyCap(category: form.text("category").lowercased(), cap: try money())
        case .prohibitedVendor: return .prohibitedVendor(form.text("vendor"))
        case .approvedVendor: return .approvedVendor(form.text("vendor"))
        case .invoiceRequiredAbove: return .invoiceRequiredAbove(try money())
        case .submissionWindow:
            guard let days = Int(form.text("days")) else {
                throw APIError.invalidInput([PageLanguage.localizer(.problemDays)])
            }
            return .submissionWindow(days: days)
        case .weekendExpensesFlagged: return .weekendExpensesFlagged
        case .monthEndBulkFlagged: return .monthEndBulkFlagged
        }
    }

    func model(_ caller: Caller, request: Request, error: APIError? = nil) async throws -> PageModel {
        let overview = try await mirror.overview(caller)
        let timeZone = try await chrome.services.storage.withTenant(caller.tenantID) {
            try await $0.tenant.policy().calendar.timeZone
        }
        let t = Localizer(PageLanguage.current, timeZone: timeZone)
        let isAdmin = caller.role == .admin
        let page = MirrorPage(
            isAdmin: isAdmin, aiReady: aiReady,
            documents: overview.map { document, proposals in
                MirrorPage.Document(
                    id: document.id.description, name: document.name,
                    imported: t(
                        .mirrorImported,
                        ["at": t.dateTime(document.importedAt), "characters": t.number(document.text.count)]),
                    proposals: proposals.map { MirrorPage.Proposal($0, canEdit: isAdmin, t: t) })
            },
            error: error.map(ErrorModel.init))
        let chrome = try await chrome.model(caller, section: .settings, request: request)
        return PageModel(page, chrome: chrome)
    }
}
