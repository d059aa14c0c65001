public import Domain
public import Foundation
public import Ports

/// Gathers, inside one tenant transaction, every fact the check engine needs about a submission:
/// policy, amount history per category and vendor, invoices seen elsewhere, recent claims of the
/// same vendors, and the learned patterns for those vendors.
public struct CheckInputLoader: Sendable {
    /// Earlier claims compared against, per category or vendor.
    public var historyLimit = 200
    /// How far back similar claims count as possible duplicates.
    public var duplicateWindow: TimeInterval = 30 * 86400
    /// Other claims of the same invoice named per check: enough to act on, and a file claimed a
    /// thousand times costs no more than one claimed ten times.
    public var duplicateLimit = 10

    public init() {}

    /// The rate tables of the days `lines` need converted on (none when all are in the base
    /// currency and their caps').
    public static func rates(
        for lines: [LineItem], submittedAt: Date, policy: PolicySettings, scope: any TenantScope
    ) async throws -> ExchangeRateBook {
        var tables: [RateTable] = []
        for day in CheckInput.daysNeedingRates(lines, submittedAt: submittedAt, policy: policy).sorted() {
            tables.append(try await scope.rates.table(on: day))
        }
        return ExchangeRateBook(tables)
    }

    /// `policy` and `rates` when the caller has them already; read here otherwise.
    public func load(
        _ submission: Submission, extractions: [InvoiceExtraction], claimProblems: [String] = [],
        policy knownPolicy: PolicySettings? = nil, rates knownRates: ExchangeRateBook? = nil,
        scope: any TenantScope, now: Date
    ) async throws -> CheckInput {
        let approvals = scope.approvals
        var policy = PolicySettings.defaults
        if let knownPolicy { policy = knownPolicy } else { policy = try await scope.tenant.policy() }
        var rates = ExchangeRateBook()
        if let knownRates {
            rates = knownRates
        } else {
            rates = try await Self.rates(
                for: submission.lineItems, submittedAt: submission.submittedAt, policy: policy, scope: scope)
        }
        var categoryHistory: [String: [Int64]] = [:]
        var vendorHistory: [String: [Int64]] = [:]
        for line in submission.lineItems {
            // Norms are in the base currency, or the line's own without one.
            let currency = policy.baseCurrency ?? line.amount.currency
            if let category = line.category, categoryHistory[category] == nil {
                categoryHistory[category] = try await approvals.amountHistory(
                    category: category, vendorKey: nil, currency: currency, excluding: submission.id,
                    limit: historyLimit)
            }
            if let vendor = line.vendor.map(VendorName.normalise), vendorHistory[vendor] == nil {
                vendorHistory[vendor] = try await approvals.amountHistory(
                    category: nil, vendorKey: vendor, currency: currency, excluding: submission.id, limit: historyLimit)
            }
        }
        var sameInvoice: [InvoiceMatch] = []
        for extraction in extractions {
            for (reason, hash, key) in [
                (InvoiceMatch.Reason.sameFile, extraction.contentHash, nil),
                (.sameInvoiceNumber, nil, extraction.invoiceKey),
            ] {
                guard hash != nil || key != nil, sameInvoice.count < duplicateLimit else { continue }
                for holder in try await approvals.submissionsWithInvoice(
                    contentHash: hash, invoiceKey: key, excluding: submission.id, limit: duplicateLimit)
                where sameInvoice.count < duplicateLimit
                    && !sameInvoice.contains(where: { $0.submissionID == holder.submissionID })
                {
                    sameInvoice.append(
                        InvoiceMatch(
                            submissionID: holder.submissionID, instanceCode: holder.instanceCode, reason: reason))
                }
            }
        }
        let vendors = Set(submission.lineItems.compactMap { $0.vendor.map(VendorName.normalise) })
        // Only claims of the submission's vendor with a near total can be possible duplicates.
        let nearTotals = submission.claimedTotal.flatMap { total in
            CheckInput.nearTotals(to: total.minorUnits).map { TotalRange(currency: total.currency, minorUnits: $0) }
        }
        var recent: [Submission] = []
        var patterns: [LearnedPattern] = []
        for vendor in vendors.sorted() {
            if vendor == submission.vendorKey, submission.claimedTotal != nil {
                recent += try await approvals.submissions(
                    SubmissionQuery(
                        vendorKey: vendor, submittedFrom: submission.submittedAt.addingTimeInterval(-duplicateWindow),
                        claimedTotal: nearTotals, limit: 50))
            }
            patterns += try await scope.patterns.patterns(vendorKey: vendor)
        }
        return CheckInput(
            submission: submission, extractions: extractions, policy: policy,
            categoryHistory: categoryHistory, vendorHistory: vendorHistory, sameInvoice: sameInvoice,
            recentVendorSubmissions: recent.filter { $0.id != submission.id }, patterns: patterns,
            claimProblems: claimProblems, rates: rates,
            applicantClaims: try await applicantClaims(of: submission, policy: policy, approvals: approvals), now: now)
    }

    /// The applicant's claims submitted since the day before this claim's earliest line under a
    /// daily cap: a claim about a day is submitted on it or later. None without daily caps.
    func applicantClaims(of submission: Submission, policy: PolicySettings, approvals: any ApprovalStore)
        async throws -> [Submission]
    {
        let capped = submission.lineItems.filter { line in
            line.category.map { policy.dailyCaps[$0.lowercased()] != nil } ?? false
        }
        guard let earliest = capped.map({ $0.date ?? submission.submittedAt }).min() else { return [] }
        return try await approvals.submissions(
            SubmissionQuery(
                submittedFrom: earliest.addingTimeInterval(-86400), limit: historyLimit,
                applicant: submission.applicant))
    }
}
