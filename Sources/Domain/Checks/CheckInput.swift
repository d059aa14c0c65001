public import Foundation

/// Everything a check needs, gathered beforehand so the check itself is pure and reproducible:
/// the same input always gives the same findings.
public struct CheckInput: Sendable {
    public var submission: Submission
    public var extractions: [InvoiceExtraction]
    public var policy: PolicySettings
    /// Earlier claimed amounts (minor units, the policy's base currency, else the line's) by category.
    public var categoryHistory: [String: [Int64]]
    /// Earlier claimed amounts (minor units, the policy's base currency, else the line's) by normalised vendor.
    public var vendorHistory: [String: [Int64]]
    /// Other submissions holding the same invoice file or the same vendor + invoice number.
    public var sameInvoice: [InvoiceMatch]
    /// Recent other submissions of the claim's vendor with a near total (``nearTotals(to:)``),
    /// for near-duplicate detection.
    public var recentVendorSubmissions: [Submission]
    /// This tenant's learned patterns for the claim's vendors.
    public var patterns: [LearnedPattern]
    /// What the form reader could not read (an amount without a number, say), in words.
    public var claimProblems: [String]
    /// The exchange rates of the claim's days (``lineDay(_:)``).
    public var rates: ExchangeRateBook
    /// The applicant's other claims that may hold lines of the same days, for the daily caps;
    /// rejected, canceled and deleted ones do not count.
    public var applicantClaims: [Submission]
    public var now: Date

    public init(
        submission: Submission, extractions: [InvoiceExtraction] = [], policy: PolicySettings = .defaults,
        categoryHistory: [String: [Int64]] = [:], vendorHistory: [String: [Int64]] = [:],
        sameInvoice: [InvoiceMatch] = [],
        recentVendorSubmissions: [Submission] = [], patterns: [LearnedPattern] = [], claimProblems: [String] = [],
        rates: ExchangeRateBook = ExchangeRateBook(), applicantClaims: [Submission] = [], now: Date
    ) {
        self.applicantClaims = applicantClaims
        self.submission = submission
        self.extractions = extractions
        self.policy = policy
        self.categoryHistory = categoryHistory
        self.vendorHistory = vendorHistory
        self.sameInvoice = sameInvoice
        self.recentVendorSubmissions = recentVendorSubmissions
        self.patterns = patterns
        self.claimProblems = claimProblems
        self.rates = rates
        self.now = now
    }

    /// The day whose rate converts a line: its expense date in the policy's time zone, else the
    /// day the claim was submitted.
    public static func lineDay(_ line: LineItem, of submission: Submission, policy: PolicySettings) -> RateDay {
        policy.rateDay(line.date ?? submission.submittedAt)
    }

    /// `line`'s amount in `currency` at its day's rate; the amount itself when already in it.
    public func convert(_ line: LineItem, to currency: CurrencyCode) -> CurrencyConversion? {
        rates.convert(line.amount, to: currency, on: Self.lineDay(line, of: submission, policy: policy))
    }
}

extension CheckInput {
    /// Whether two claimed totals (minor units, one currency) are near enough for the
    /// possible-duplicate rule: within 5 % of the larger.
    public static func isNearTotal(_ first: Int64, _ second: Int64) -> Bool {
        abs(Double(first - second)) <= Double(max(first, second)) * nearTotalFraction
    }

    static let nearTotalFraction = 0.05

    /// Every total near `total` lies in this range, so a store can fetch only those recent claims;
    /// the rule itself still decides. Nil when the total is not positive (no useful bound).
    public static func nearTotals(to total: Int64) -> ClosedRange<Int64>? {
        guard total > 0 else { return nil }
        let lower = Int64((Double(total) * (1 - nearTotalFraction)).rounded(.down)) - 1
        let upper = Int64((Double(total) / (1 - nearTotalFraction)).rounded(.up)) + 1
        return max(0, lower)...upper
    }
}

/// Another submission that holds the same invoice.
public struct InvoiceMatch: Hashable, Sendable {
    public enum Reason: String, Sendable {
        case sameFile = "same_file"
        case sameInvoiceNumber = "same_invoice_number"
    }

    public let submissionID: SubmissionID
    public let instanceCode: String
    public let reason: Reason

    public init(submissionID: SubmissionID, instanceCode: String, reason: Reason) {
        self.submissionID = submissionID
        self.instanceCode = instanceCode
        self.reason = reason
    }
}

extension CheckInput {
    /// The claim in the base currency: every line converted at its day's rate and summed; nil
    /// without a base currency, when a line has no rate, or when the sum overflows.
    public var baseTotal: Money? {
        guard let base = policy.baseCurrency else { return nil }
        var total = Money(minorUnits: 0, currency: base)
        for line in submission.lineItems {
            guard let converted = convert(line, to: base)?.converted, let sum = total.adding(converted) else {
                return nil
            }
            total = sum
        }
        return submission.lineItems.isEmpty ? nil : total
    }
}

extension CheckInput {
    /// The days whose rates a claim needs: those of lines in a currency other than the base, or
    /// other than their category cap's. Empty when nothing needs converting.
    public static func daysNeedingRates(_ lines: [LineItem], submittedAt: Date, policy: PolicySettings)
        -> Set<RateDay>
    {
        Set(
            lines.filter { line in
                line.amount.currency != (policy.baseCurrency ?? line.amount.currency)
                    || line.category.flatMap { policy.categoryCaps[$0] }.map { $0.currency != line.amount.currency }
                        == true
            }.map { policy.rateDay($0.date ?? submittedAt) })
    }
}
