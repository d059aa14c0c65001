import Application
import Domain
import Foundation
import Hummingbird
import Ports

/// `/approvals` (list with verdict colours, filters, paging, its CSV at `/approvals.csv`) and
/// `/approvals/{id}` (the audit page).
struct ApprovalPages: Sendable {
    let chrome: PageChrome
    let queries: ApprovalQueries
    var services: AppServices { chrome.services }

    /// Whether the empty list offers "Show me a demo" (only when the demo is installed).
    var offersDemo = false

    func register(on router: Router<KopiRequestContext>) {
        router.get("approvals") { request, _ in
            try await chrome.page(request) { caller in
                let query = try ApprovalRoutes.query(request)
                let read = try await queries.listContext(query, caller: caller)
                let (page, timeZone) = (read.page, read.timeZone)
                let list = ListPage(
                    items: page.items.map { item in
                        ListPage.Item(
                            id: item.submission.id.description, verdictClass: item.verdict?.rawValue ?? "none",
                            verdictLabel: PageFormat.verdict(item.verdict),
                            submitted: PageFormat.dateTime(item.submission.submittedAt, timeZone),
                            vendor: item.submission.lineItems.compactMap(\.vendor).first ?? "—",
                            category: item.submission.category ?? "—",
                            amount: PageFormat.money(item.submission.claimedTotal),
                            status: PageFormat.status(item.submission.status))
                    },
                    onboarding: !read.watchesFlows && page.items.isEmpty, demo: offersDemo,
                    vendor: request.query("vendor") ?? "",
                    verdicts: Self.options(
                        [("", PageLanguage.localizer(.filterAny))]
                            + Verdict.allCases.map { ($0.rawValue, PageFormat.verdict($0)) },
                        selected: request.query("verdict")),
                    statuses: Self.options(
                        [("", PageLanguage.localizer(.filterAny))]
                            + SubmissionStatus.allCases.map { ($0.rawValue, PageFormat.status($0)) },
                        selected: request.query("status")?.uppercased()),
                    previous: query.offset > 0 ? Self.link(request, offset: max(0, query.offset - query.limit)) : nil,
                    next: page.hasMore ? Self.link(request, offset: query.offset + query.limit) : nil,
                    csv: Self.link(request, path: "/approvals.csv"))
                let chrome = try await chrome.model(caller, section: .approvals, request: request, tenant: read.tenant)
                return PageRenderer.render("approvals", PageModel(list, chrome: chrome))
            }
        }
        router.get("approvals.csv") { request, _ in
            try await chrome.page(request) { caller in
                ApprovalRoutes.csv(
                    try await queries.csv(try ApprovalRoutes.query(request), caller: caller), logger: services.logger)
            }
        }
        router.get("approvals/{id}") { request, context in
            try await chrome.page(request) { caller in
                let detail = try await queries.detail(try context.id(as: SubmissionID.self), caller: caller)
                let timeZone = try await services.storage.withTenant(caller.tenantID) {
                    try await $0.tenant.policy().calendar.timeZone
                }
                let chrome = try await chrome.model(caller, section: .approvals, request: request)
                return PageRenderer.render(
                    "approval", PageModel(DetailPage(detail, timeZone: timeZone), chrome: chrome))
            }
        }
    }

    static func options(_ values: [(String, String)], selected: String?) -> [OptionModel] {
        values.map { OptionModel(value: $0.0, label: $0.1, selected: $0.0 == (selected ?? "")) }
    }

    /// The current URL with another offset.
    /// This page's filters, at `path` (default this page) and `offset` (none: every row).
    static func link(_ request: Request, path: String? = nil, offset: Int? = nil) -> String {
        var components = URLComponents()
        components.path = path ?? request.uri.path
        var items = (URLComponents(string: "http://x\(request.uri.description)")?.queryItems ?? []).filter {
            $0.name != "offset" && $0.name != "done" && $0.name != "limit"
        }
        if let offset { items.append(URLQueryItem(name: "offset", value: String(offset))) }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? components.path
    }
}
