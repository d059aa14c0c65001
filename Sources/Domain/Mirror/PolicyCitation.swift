/// The keys under which ``PolicySettings/citations`` keeps the sentence each accepted rule came
/// from, so a finding from that rule can quote the policy.
public enum PolicyCitation {
    public static func cap(_ category: String) -> String { "cap:" + category.lowercased() }
    public static func dailyCap(_ category: String) -> String { "daily_cap:" + category.lowercased() }
    public static func prohibited(_ vendor: String) -> String { "prohibited:" + VendorName.normalise(vendor) }
    public static func approved(_ vendor: String) -> String { "approved:" + VendorName.normalise(vendor) }
    public static let invoiceAbove = "invoice_above"
    public static let window = "window"
    public static let weekend = "weekend"
    public static let monthEnd = "month_end"
}

/// A rule accepted from the written policy, with the sentence it came from.
public struct CitedRule: Hashable, Sendable, Codable {
    public let rule: PolicyRule
    public let quote: String

    public init(rule: PolicyRule, quote: String) {
        self.rule = rule
        self.quote = quote
    }
}
