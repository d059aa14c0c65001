import Application
import Domain
import Foundation
import Hummingbird
import Ports

/// `/approvals` (list with verdict colours, filters, paging) and `/approvals/{id}` (the audit page).
struct ApprovalPages: Sendable {
    let chrome: PageChrome
    let queries: ApprovalQueries
    var services: AppServices { chrome.services }

    func register(on router: Router<KopiRequestContext>) {
        router.get("approvals") { request, _ in
            try await chrome.page(request) { caller in
                let query = try ApprovalRoutes.query(request)
                let page = try await queries.list(query, caller: caller)
                let (timeZone, flows) = try await services.storage.withTenant(caller.tenantID) { scope in
                    (try await scope.tenant.policy().calendar.timeZone, try await scope.approvals.flows())
                }
                var model = try await chrome.model(caller, section: "approvals", request: request)
                model["items"] = page.items.map { item -> [String: Any] in
                    let verdict = item.verdict
                    return [
                        "id": item.submission.id.description, "verdictClass": verdict?.rawValue ?? "none",
                        "verdictLabel": verdict?.rawValue ?? "unchecked",
                        "submitted": PageFormat.dateTime(item.submission.submittedAt, timeZone),
                        "vendor": item.submission.lineItems.compactMap(\.vendor).first ?? "—",
                        "category": item.submission.category ?? "—",
                        "amount": PageFormat.money(item.submission.claimedTotal),
                        "status": item.submission.status.rawValue.lowercased(),
                    ]
                }
                model["onboarding"] = flows.isEmpty && page.items.isEmpty
                model["demo"] = true
                model["vendor"] = request.query("vendor") ?? ""
                model["verdicts"] = Self.options(
                    [("", "Any")] + Verdict.allCases.map { ($0.rawValue, $0.rawValue) },
                    selected: request.query("verdict"))
                model["statuses"] = Self.options(
                    [("", "Any")] + SubmissionStatus.allCases.map { ($0.rawValue, $0.rawValue.lowercased()) },
                    selected: request.query("status")?.uppercased())
                if query.offset > 0 {
                    model["previous"] = Self.link(request, offset: max(0, query.offset - query.limit))
                }
                if page.hasMore { model["next"] = Self.link(request, offset: query.offset + query.limit) }
                return PageRenderer.render("approvals", model)
            }
        }
        router.get("approvals/{id}") { request, context in
            try await chrome.page(request) { caller in
                let detail = try await queries.detail(try context.id(as: SubmissionID.self), caller: caller)
                let timeZone = try await services.storage.withTenant(caller.tenantID) {
                    try await $0.tenant.policy().calendar.timeZone
                }
                var model = try await chrome.model(caller, section: "approvals", request: request)
                model.merge(Self.detailModel(detail, timeZone: timeZone)) { $1 }
                return PageRenderer.render("approval", model)
            }
        }
    }

    static func detailModel(_ detail: ApprovalQueries.Detail, timeZone: TimeZone) -> [String: Any] {
        let submission = detail.submission
        let verdict = detail.check?.verdict
        return [
            "instanceCode": submission.instanceCode, "flowName": detail.flow?.name ?? "—",
            "verdictClass": verdict?.rawValue ?? "none", "verdictLabel": verdict?.rawValue ?? "unchecked",
            "vendor": submission.lineItems.compactMap(\.vendor).first ?? "Unknown vendor",
            "amount": PageFormat.money(submission.claimedTotal),
            "submitted": PageFormat.dateTime(submission.submittedAt, timeZone),
            "status": submission.status.rawValue.lowercased(),
            "lines": submission.lineItems.map { line -> [String: Any] in
                [
                    "date": line.date.map { PageFormat.day($0, timeZone) } ?? "—", "category": line.category ?? "—",
                    "vendor": line.vendor ?? "—",
                    "description": line.description ?? "", "amount": PageFormat.money(line.amount),
                ]
            },
            "attachments": submission.attachments.map { facts -> [String: Any] in
                [
                    "name": facts.fileName, "type": facts.mediaType?.rawValue ?? "unknown type",
                    "size": PageFormat.size(facts.size), "outcome": PageFormat.outcome(facts.outcome),
                ]
            },
            "extractions": detail.extractions.map { extraction -> [String: Any] in
                [
                    "vendor": extraction.vendor ?? "—", "number": extraction.invoiceNumber ?? "—",
                    "date": extraction.invoiceDate.map { PageFormat.day($0, timeZone) } ?? "—",
                    "total": PageFormat.money(extraction.total), "tax": PageFormat.money(extraction.tax),
                ]
            },
            "findings": (detail.check?.findings ?? []).map { finding -> [String: Any] in
                [
                    "severity": finding.severity.rawValue, "dimension": finding.dimension.rawValue,
                    "code": finding.code.rawValue, "message": finding.message,
                    "rule": finding.rule as Any, "hasEvidence": !finding.evidence.isEmpty,
                    "evidence": finding.evidence.entries.sorted { $0.key < $1.key }.map {
                        ["key": $0.key, "value": $0.value]
                    },
                ]
            },
            "timeline": detail.timeline.map {
                ["at": PageFormat.dateTime($0.at, timeZone), "what": $0.what, "actor": $0.actor]
            },
            "decisions": detail.decisions.map {
                [
                    "outcome": $0.outcome.rawValue.replacingOccurrences(of: "_", with: " "), "approver": $0.approver,
                    "at": PageFormat.dateTime($0.decidedAt, timeZone),
                ]
            },
            "cards": detail.cards.map { ["approver": $0.approver, "at": PageFormat.dateTime($0.sentAt, timeZone)] },
        ]
    }

    static func options(_ values: [(String, String)], selected: String?) -> [[String: Any]] {
        values.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == (selected ?? "")] }
    }

    /// The current URL with another offset.
    static func link(_ request: Request, offset: Int) -> String {
        var components = URLComponents()
        components.path = request.uri.path
        var items = (URLComponents(string: "http://x\(request.uri.description)")?.queryItems ?? []).filter {
            $0.name != "offset" && $0.name != "done"
        }
        items.append(URLQueryItem(name: "offset", value: String(offset)))
        components.queryItems = items
        return components.string ?? request.uri.path
    }
}
