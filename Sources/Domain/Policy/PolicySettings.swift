/// A tenant's expense policy. Every field has a sensible default so a new workspace checks at once.
public struct PolicySettings: Hashable, Sendable, Codable {
    /// Per-category caps for a single line, keyed by category name.
    public var categoryCaps: [String: Money]
    /// Normalised vendor names that are never allowed.
    public var prohibitedVendors: Set<String>
    /// When non-empty, only these (normalised) vendors are allowed.
    public var approvedVendors: Set<String>
    /// Expenses older than this many days at submission are stale.
    public var submissionWindowDays: Int
    /// Whether every claim needs an invoice attachment.
    public var requireInvoice: Bool
    /// Allowed difference between the claim and the invoice total, in basis points (100 = 1%).
    public var totalToleranceBasisPoints: Int
    /// Multiple of the norm above which an amount is yellow.
    public var anomalyYellowMultiple: Double
    /// Multiple of the norm above which an amount is red.
    public var anomalyRedMultiple: Double
    /// Flag expenses dated on a weekend.
    public var flagWeekendExpenses: Bool
    /// Auto-approve when memory is green with at least this many prior approvals; nil = off.
    public var autoApproveAfterApprovals: Int?

    public init(
        categoryCaps: [String: Money] = [:], prohibitedVendors: Set<String> = [], approvedVendors: Set<String> = [],
        submissionWindowDays: Int = 90, requireInvoice: Bool = true, totalToleranceBasisPoints: Int = 100,
        anomalyYellowMultiple: Double = 3, anomalyRedMultiple: Double = 6, flagWeekendExpenses: Bool = false,
        autoApproveAfterApprovals: Int? = nil
    ) {
        self.categoryCaps = categoryCaps
        self.prohibitedVendors = prohibitedVendors
        self.approvedVendors = approvedVendors
        self.submissionWindowDays = submissionWindowDays
        self.requireInvoice = requireInvoice
        self.totalToleranceBasisPoints = totalToleranceBasisPoints
        self.anomalyYellowMultiple = anomalyYellowMultiple
        self.anomalyRedMultiple = anomalyRedMultiple
        self.flagWeekendExpenses = flagWeekendExpenses
        self.autoApproveAfterApprovals = autoApproveAfterApprovals
    }

    public static let defaults = PolicySettings()

    /// Every problem with the settings, in words an admin understands; empty when valid.
    public var problems: [String] {
        var problems: [String] = []
        if !(1...3650).contains(submissionWindowDays) { problems.append("The submission window must be 1 to 3650 days.") }
        if !(0...10_000).contains(totalToleranceBasisPoints) { problems.append("The tolerance must be 0% to 100%.") }
        if !(anomalyYellowMultiple > 1) { problems.append("The yellow anomaly multiple must be above 1.") }
        if !(anomalyRedMultiple > anomalyYellowMultiple) {
            problems.append("The red anomaly multiple must be above the yellow one.")
        }
        if categoryCaps.values.contains(where: { $0.minorUnits <= 0 }) { problems.append("Category caps must be positive.") }
        if let n = autoApproveAfterApprovals, n < 1 { problems.append("Auto-approve needs at least 1 prior approval.") }
        return problems
    }
}
