/// The deterministic five-dimension check. No model decides anything here: every finding comes
/// from the input's facts and names them as evidence.
public struct CheckEngine: Sendable {
    /// At least this many earlier claims are needed before an amount is compared with the norm.
    public static let minimumHistory = 5

    public init() {}

    public func findings(for input: CheckInput) -> [Finding] {
        let findings =
            AmountCheck().findings(input) + DateCheck().findings(input) + InvoiceCheck().findings(input)
            + PolicyCheck().findings(input) + MemoryCheck().findings(input)
        return input.policy.citations.isEmpty ? findings : findings.map { Self.cited($0, policy: input.policy) }
    }

    /// The finding with the written policy's sentence behind its rule, when the rule was
    /// accepted from the policy document.
    static func cited(_ finding: Finding, policy: PolicySettings) -> Finding {
        let e = finding.evidence
        let key: String? =
            switch finding.code {
            case .policyCapExceeded: e.category.map(PolicyCitation.cap)
            case .policyDailyCapExceeded: e.category.map(PolicyCitation.dailyCap)
            case .policyProhibitedVendor: e.vendor.map(PolicyCitation.prohibited)
            case .policyUnapprovedVendor:
                policy.citations.keys.filter { $0.hasPrefix(PolicyCitation.approved("")) }.min()
            case .dateStale: PolicyCitation.window
            case .dateWeekend: PolicyCitation.weekend
            case .dateMonthEndBulk: PolicyCitation.monthEnd
            case .invoiceMissing: PolicyCitation.invoiceAbove
            default: nil
            }
        guard let key, let quote = policy.citation(key) else { return finding }
        return Finding(
            finding.code, severity: finding.severity, message: finding.message,
            evidence: e.with { $0.policyQuote = quote }, rule: finding.rule)
    }

    /// Text for a line of a multi-line claim ("line 2: "), empty for a single line.
    static func prefix(_ index: Int, of count: Int) -> String {
        count > 1 ? "Line \(index + 1): " : ""
    }
}
