public import Foundation

/// Everything a check needs, gathered beforehand so the check itself is pure and reproducible:
/// the same input always gives the same findings.
public struct CheckInput: Sendable {
    public var submission: Submission
    public var extractions: [InvoiceExtraction]
    public var policy: PolicySettings
    /// Earlier claimed amounts (minor units, the line's currency) by category.
    public var categoryHistory: [String: [Int64]]
    /// Earlier claimed amounts (minor units, the line's currency) by normalised vendor.
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
    public var now: Date

    public init(
        submission: Submission, extractions: [InvoiceExtraction] = [], policy: PolicySettings = .defaults,
        categoryHistory: [String: [Int64]] = [:], vendorHistory: [String: [Int64]] = [:],
        sameInvoice: [InvoiceMatch] = [],
        recentVendorSubmissions: [Submission] = [], patterns: [LearnedPattern] = [], claimProblems: [String] = [],
        now: Date
    ) {
        self.submission = submission
        self.extractions = extractions
        self.policy = policy
        self.categoryHistory = categoryHistory
        self.vendorHistory = vendorHistory
        self.sameInvoice = sameInvoice
        self.recentVendorSubmissions = recentVendorSubmissions
        self.patterns = patterns
        self.claimProblems = claimProblems
        self.now = now
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
