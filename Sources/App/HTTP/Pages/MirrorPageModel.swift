import Application
import Domain

/// What `/policy` shows: each imported document with its proposals.
struct MirrorPage: Sendable {
    struct Field: Sendable {
        let name: String
        let label: String
        let value: String
    }

    struct Proposal: Sendable {
        let id: String
        let status: String
        let statusLabel: String
        let kind: String
        /// The rule's kind as the edit form posts it back.
        let ruleKind: String
        let summary: String?
        let quote: String
        let refusal: String?
        let editable: Bool
        let fields: [Field]
        let hasFields: Bool

        init(_ proposal: RuleProposal, canEdit: Bool, t: Localizer) {
            id = proposal.id.description
            status = proposal.status.name
            quote = proposal.quote
            switch proposal.status {
            case .proposed: statusLabel = t(.mirrorStatusProposed)
            case .accepted: statusLabel = t(.mirrorStatusAccepted)
            case .rejected: statusLabel = t(.mirrorStatusRejected)
            case .refused: statusLabel = t(.mirrorStatusRefused)
            }
            refusal =
                switch proposal.status {
                case .refused(.quoteNotInDocument): t(.mirrorRefusedQuote)
                case .refused(.unusableRule): t(.mirrorRefusedRule)
                default: nil
                }
            kind = proposal.rule.map { Self.kind($0.kind, t) } ?? t(.kindUnknown)
            ruleKind = proposal.rule?.kind.rawValue ?? ""
            editable = canEdit && proposal.status == .proposed
            fields = editable ? proposal.rule.map { Self.fields($0, t) } ?? [] : []
            hasFields = !fields.isEmpty
            summary = editable ? nil : proposal.rule.flatMap { Self.summary($0, t) }
        }

        static func kind(_ kind: PolicyRule.Kind, _ t: Localizer) -> String {
            switch kind {
            case .categoryCap: t(.kindCategoryCap)
            case .dailyCap: t(.kindDailyCap)
            case .prohibitedVendor: t(.kindProhibitedVendor)
            case .approvedVendor: t(.kindApprovedVendor)
            case .invoiceRequiredAbove: t(.kindInvoiceAbove)
            case .submissionWindow: t(.kindWindow)
            case .weekendExpensesFlagged: t(.kindWeekend)
            case .monthEndBulkFlagged: t(.kindMonthEnd)
            }
        }

        static func amount(_ money: Money) -> String { "\(money.decimalText) \(money.currency.code)" }

        static func fields(_ rule: PolicyRule, _ t: Localizer) -> [Field] {
            switch rule {
            case .categoryCap(let category, let cap), .dailyCap(let category, let cap):
                [
                    Field(name: "category", label: t(.columnCategory), value: category),
                    Field(name: "amount", label: t(.fieldAmount), value: amount(cap)),
                ]
            case .prohibitedVendor(let vendor), .approvedVendor(let vendor):
                [Field(name: "vendor", label: t(.columnVendor), value: vendor)]
            case .invoiceRequiredAbove(let threshold):
                [Field(name: "amount", label: t(.fieldAmount), value: amount(threshold))]
            case .submissionWindow(let days): [Field(name: "days", label: t(.fieldDays), value: String(days))]
            case .weekendExpensesFlagged, .monthEndBulkFlagged: []
            }
        }

        static func summary(_ rule: PolicyRule, _ t: Localizer) -> String? {
            switch rule {
            case .categoryCap(let category, let cap), .dailyCap(let category, let cap):
                t(.summaryCap, ["category": category, "amount": t.money(cap)])
            case .prohibitedVendor(let vendor), .approvedVendor(let vendor): vendor
            case .invoiceRequiredAbove(let threshold): t.money(threshold)
            case .submissionWindow(let days): t(.summaryDays, ["days": t.number(days)])
            case .weekendExpensesFlagged, .monthEndBulkFlagged: nil
            }
        }
    }

    struct Document: Sendable {
        let id: String
        let name: String
        let imported: String
        let proposals: [Proposal]
    }

    let isAdmin: Bool
    let aiReady: Bool
    let documents: [Document]
    let error: ErrorModel?
}
