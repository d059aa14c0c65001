public import Foundation

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
    /// Flag three or more lines dated in the last two days of a month (bulk month-end claims).
    public var flagMonthEndBulk: Bool
    /// The IANA time zone in which expense dates are judged (weekends, month ends, staleness).
    public var timeZoneIdentifier: String
    /// How many days decided claims and audit entries are kept; nil keeps them forever.
    public var retentionDays: Int?
    /// Working days (Monday to Friday in the policy's time zone) a card may wait for its
    /// approver before one reminder is sent; 0 sends none.
    public var reminderAfterWorkingDays: Int
    /// The currency norms and the report are judged in: a claim in another currency is
    /// converted at its expense day's rate. Nil until an admin chooses one: each claim is then
    /// judged in its own currency (caps in another currency are still converted).
    public var baseCurrency: CurrencyCode?
    /// The language of the workspace's cards, toasts, comments and e-mails. Nil until an admin
    /// chooses: the platform's language then (``Language/workspaceDefault(for:)``).
    public var language: Language?
    /// Per-category caps on what one person claims for one day (the lines dated that day of
    /// all their open and approved claims, summed), keyed by category name.
    public var dailyCaps: [String: Money]
    /// When set (and ``requireInvoice`` is off), a claim above this amount needs an invoice.
    public var invoiceRequiredAbove: Money?
    /// The rules accepted from the written policy with their sentences, by ``PolicyCitation``
    /// key; findings from a rule still in force quote its sentence.
    public var citations: [String: CitedRule]

    /// The shortest retention a workspace may choose: a month of history always stays.
    public static let minimumRetentionDays = 30

    public init(
        categoryCaps: [String: Money] = [:], prohibitedVendors: Set<String> = [], approvedVendors: Set<String> = [],
        submissionWindowDays: Int = 90, requireInvoice: Bool = true, totalToleranceBasisPoints: Int = 100,
        anomalyYellowMultiple: Double = 3, anomalyRedMultiple: Double = 6, flagWeekendExpenses: Bool = false,
        autoApproveAfterApprovals: Int? = nil, flagMonthEndBulk: Bool = false, timeZoneIdentifier: String = "UTC",
        retentionDays: Int? = nil, reminderAfterWorkingDays: Int = 2, baseCurrency: CurrencyCode? = nil,
        language: Language? = nil, dailyCaps: [String: Money] = [:], invoiceRequiredAbove: Money? = nil,
        citations: [String: CitedRule] = [:]
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
        self.flagMonthEndBulk = flagMonthEndBulk
        self.timeZoneIdentifier = timeZoneIdentifier
        self.retentionDays = retentionDays
        self.reminderAfterWorkingDays = reminderAfterWorkingDays
        self.baseCurrency = baseCurrency
        self.language = language
        self.dailyCaps = dailyCaps
        self.invoiceRequiredAbove = invoiceRequiredAbove
        self.citations = citations
    }

    /// Reads stored settings leniently: a field that is missing (saved by an older version) takes
    /// its default, so adding a setting never breaks a stored policy.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PolicySettings()
        self.init(
            categoryCaps: try c.decodeIfPresent([String: Money].self, forKey: .categoryCaps) ?? d.categoryCaps,
            prohibitedVendors: try c.decodeIfPresent(Set<String>.self, forKey: .prohibitedVendors)
                ?? d.prohibitedVendors,
            approvedVendors: try c.decodeIfPresent(Set<String>.self, forKey: .approvedVendors) ?? d.approvedVendors,
            submissionWindowDays: try c.decodeIfPresent(Int.self, forKey: .submissionWindowDays)
                ?? d.submissionWindowDays,
            requireInvoice: try c.decodeIfPresent(Bool.self, forKey: .requireInvoice) ?? d.requireInvoice,
            totalToleranceBasisPoints: try c.decodeIfPresent(Int.self, forKey: .totalToleranceBasisPoints)
                ?? d.totalToleranceBasisPoints,
            anomalyYellowMultiple: try c.decodeIfPresent(Double.self, forKey: .anomalyYellowMultiple)
                ?? d.anomalyYellowMultiple,
            anomalyRedMultiple: try c.decodeIfPresent(Double.self, forKey: .anomalyRedMultiple) ?? d.anomalyRedMultiple,
            flagWeekendExpenses: try c.decodeIfPresent(Bool.self, forKey: .flagWeekendExpenses)
                ?? d.flagWeekendExpenses,
            autoApproveAfterApprovals: try c.decodeIfPresent(Int.self, forKey: .autoApproveAfterApprovals),
            flagMonthEndBulk: try c.decodeIfPresent(Bool.self, forKey: .flagMonthEndBulk) ?? d.flagMonthEndBulk,
            timeZoneIdentifier: try c.decodeIfPresent(String.self, forKey: .timeZoneIdentifier) ?? d.timeZoneIdentifier,
            retentionDays: try c.decodeIfPresent(Int.self, forKey: .retentionDays),
            reminderAfterWorkingDays: try c.decodeIfPresent(Int.self, forKey: .reminderAfterWorkingDays)
                ?? d.reminderAfterWorkingDays,
            baseCurrency: try c.decodeIfPresent(CurrencyCode.self, forKey: .baseCurrency),
            language: try c.decodeIfPresent(Language.self, forKey: .language),
            dailyCaps: try c.decodeIfPresent([String: Money].self, forKey: .dailyCaps) ?? d.dailyCaps,
            invoiceRequiredAbove: try c.decodeIfPresent(Money.self, forKey: .invoiceRequiredAbove),
            citations: try c.decodeIfPresent([String: CitedRule].self, forKey: .citations) ?? d.citations)
    }

    /// The written policy's sentence behind the rule under `key`, when it came from one and is
    /// still in force as accepted.
    public func citation(_ key: String) -> String? {
        guard let cited = citations[key], cited.rule.isInForce(in: self) else { return nil }
        return cited.quote
    }

    /// The language the workspace writes in, on `domain`.
    public func language(on domain: LarkDomain) -> Language { language ?? .workspaceDefault(for: domain) }

    /// The day an expense dated `date` falls on in the policy's time zone, for its exchange rate.
    public func rateDay(_ date: Date) -> RateDay { RateDay(date, in: calendar.timeZone) }

    /// The calendar expense dates are judged in.
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZoneIdentifier) ?? .gmt
        return calendar
    }

    public static let defaults = PolicySettings()

    /// Every problem with the settings, in words an admin understands; empty when valid.
    public var problems: [String] {
        var problems: [String] = []
        if !(1...3650).contains(submissionWindowDays) {
            problems.append("The submission window must be 1 to 3650 days.")
        }
        if !(0...10_000).contains(totalToleranceBasisPoints) { problems.append("The tolerance must be 0% to 100%.") }
        if !(anomalyYellowMultiple > 1) { problems.append("The yellow anomaly multiple must be above 1.") }
        if !(anomalyRedMultiple > anomalyYellowMultiple) {
            problems.append("The red anomaly multiple must be above the yellow one.")
        }
        if categoryCaps.values.contains(where: { $0.minorUnits <= 0 }) {
            problems.append("Category caps must be positive.")
        }
        if dailyCaps.values.contains(where: { $0.minorUnits <= 0 }) { problems.append("Daily caps must be positive.") }
        if let amount = invoiceRequiredAbove, amount.minorUnits < 0 {
            problems.append("The amount above which an invoice is needed must not be negative.")
        }
        if citations.count > 500
            || citations.values.contains(where: { $0.quote.count > RuleProposal.maximumQuoteCharacters })
        {
            problems.append("Citations: at most 500, each at most 1000 characters.")
        }
        if let n = autoApproveAfterApprovals, n < 1 { problems.append("Auto-approve needs at least 1 prior approval.") }
        if TimeZone(identifier: timeZoneIdentifier) == nil {
            problems.append("The time zone is not a known IANA name.")
        }
        if let days = retentionDays, !(Self.minimumRetentionDays...36_500).contains(days) {
            problems.append("History must be kept \(Self.minimumRetentionDays) to 36500 days, or forever.")
        }
        if !(0...30).contains(reminderAfterWorkingDays) {
            problems.append("Reminders go after 1 to 30 working days, or never (0).")
        }
        return problems
    }

    /// Decided claims and audit entries older than this go at `now`; nil while kept forever.
    public func retentionCutoff(now: Date) -> Date? {
        retentionDays.map { now.addingTimeInterval(-Double($0) * 86400) }
    }
}
