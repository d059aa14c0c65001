import Foundation

/// A rule of the written policy in a form Kopi's deterministic check applies. The AI proposes
/// them; an admin accepts them into ``PolicySettings``; the check decides every verdict.
public enum PolicyRule: Hashable, Sendable {
    /// A cap on one line of a category.
    case categoryCap(category: String, cap: Money)
    /// A cap on what one person claims in a category for one day (the lines of one claim dated
    /// the same day, summed).
    case dailyCap(category: String, cap: Money)
    case prohibitedVendor(String)
    case approvedVendor(String)
    /// An invoice or receipt is needed for a claim above this amount (none below).
    case invoiceRequiredAbove(Money)
    /// Expenses older than this many days at submission are late.
    case submissionWindow(days: Int)
    case weekendExpensesFlagged
    case monthEndBulkFlagged

    /// Stable names of the kinds, as the API and the AI's schema write them.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case categoryCap = "category_cap"
        case dailyCap = "daily_cap"
        case prohibitedVendor = "prohibited_vendor"
        case approvedVendor = "approved_vendor"
        case invoiceRequiredAbove = "invoice_required_above"
        case submissionWindow = "submission_window"
        case weekendExpensesFlagged = "weekend_expenses_flagged"
        case monthEndBulkFlagged = "month_end_bulk_flagged"
    }

    public var kind: Kind {
        switch self {
        case .categoryCap: .categoryCap
        case .dailyCap: .dailyCap
        case .prohibitedVendor: .prohibitedVendor
        case .approvedVendor: .approvedVendor
        case .invoiceRequiredAbove: .invoiceRequiredAbove
        case .submissionWindow: .submissionWindow
        case .weekendExpensesFlagged: .weekendExpensesFlagged
        case .monthEndBulkFlagged: .monthEndBulkFlagged
        }
    }

    /// The key under which the policy keeps the rule's quoted sentence, and findings find it.
    public var citationKey: String {
        switch self {
        case .categoryCap(let category, _): PolicyCitation.cap(category)
        case .dailyCap(let category, _): PolicyCitation.dailyCap(category)
        case .prohibitedVendor(let vendor): PolicyCitation.prohibited(vendor)
        case .approvedVendor(let vendor): PolicyCitation.approved(vendor)
        case .invoiceRequiredAbove: PolicyCitation.invoiceAbove
        case .submissionWindow: PolicyCitation.window
        case .weekendExpensesFlagged: PolicyCitation.weekend
        case .monthEndBulkFlagged: PolicyCitation.monthEnd
        }
    }

    /// What is wrong with the rule, in words an admin understands; empty when it can apply.
    public var problems: [String] {
        switch self {
        case .categoryCap(let category, let cap), .dailyCap(let category, let cap):
            return Self.name(category, "category") + (cap.minorUnits > 0 ? [] : ["The cap must be positive."])
        case .prohibitedVendor(let vendor), .approvedVendor(let vendor):
            return Self.name(vendor, "vendor")
        case .invoiceRequiredAbove(let amount):
            return amount.minorUnits >= 0 ? [] : ["The amount must not be negative."]
        case .submissionWindow(let days):
            return (1...3650).contains(days) ? [] : ["The submission window must be 1 to 3650 days."]
        case .weekendExpensesFlagged, .monthEndBulkFlagged:
            return []
        }
    }

    private static func name(_ text: String, _ what: String) -> [String] {
        let trimmed = text.trimmingWhitespaceAndNewlines()
        return trimmed.isEmpty || trimmed.count > 80 ? ["The \(what) needs a name of 1 to 80 characters."] : []
    }

    /// The rule applied to `policy`, with `quote` kept as its citation.
    public func apply(to policy: inout PolicySettings, quote: String) {
        switch self {
        case .categoryCap(let category, let cap): policy.categoryCaps[category.lowercased()] = cap
        case .dailyCap(let category, let cap): policy.dailyCaps[category.lowercased()] = cap
        case .prohibitedVendor(let vendor): policy.prohibitedVendors.insert(VendorName.normalise(vendor))
        case .approvedVendor(let vendor): policy.approvedVendors.insert(VendorName.normalise(vendor))
        case .invoiceRequiredAbove(let amount):
            policy.requireInvoice = false
            policy.invoiceRequiredAbove = amount
        case .submissionWindow(let days): policy.submissionWindowDays = days
        case .weekendExpensesFlagged: policy.flagWeekendExpenses = true
        case .monthEndBulkFlagged: policy.flagMonthEndBulk = true
        }
        policy.citations[citationKey] = CitedRule(rule: self, quote: quote)
    }

    /// Whether `policy` still applies this rule as accepted: an admin who changed the cap or the
    /// window by hand since no longer has the policy's sentence quoted for it.
    public func isInForce(in policy: PolicySettings) -> Bool {
        switch self {
        case .categoryCap(let category, let cap): policy.categoryCaps[category.lowercased()] == cap
        case .dailyCap(let category, let cap): policy.dailyCaps[category.lowercased()] == cap
        case .prohibitedVendor(let vendor): policy.prohibitedVendors.contains(VendorName.normalise(vendor))
        case .approvedVendor(let vendor): policy.approvedVendors.contains(VendorName.normalise(vendor))
        case .invoiceRequiredAbove(let amount): !policy.requireInvoice && policy.invoiceRequiredAbove == amount
        case .submissionWindow(let days): policy.submissionWindowDays == days
        case .weekendExpensesFlagged: policy.flagWeekendExpenses
        case .monthEndBulkFlagged: policy.flagMonthEndBulk
        }
    }
}
