extension Finding {
    /// Every finding the check can produce. Stable: stored with each check, grouped by the
    /// report, documented in the API. Each belongs to one dimension.
    public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
        case amountAboveNorm = "amount.above_norm"
        case amountFarAboveNorm = "amount.far_above_norm"
        /// The form's amount field could not be read (see ``ClaimReader``).
        case amountUnreadable = "amount.unreadable"
        /// No exchange rate was known for the line's currency on its day, so it was not judged
        /// in the base (or the cap's) currency.
        case amountNotConverted = "amount.not_converted"
        case dateFuture = "date.future"
        case dateStale = "date.stale"
        case dateWeekend = "date.weekend"
        case dateInvoiceMismatch = "date.invoice_mismatch"
        case dateMonthEndBulk = "date.month_end_bulk"
        case invoiceMissing = "invoice.missing"
        case invoiceUnreadable = "invoice.unreadable"
        case invoiceNotVerified = "invoice.not_verified"
        case invoiceCurrencyMismatch = "invoice.currency_mismatch"
        case invoiceTotalUnreadable = "invoice.total_unreadable"
        case invoiceClaimExceedsTotal = "invoice.claim_exceeds_total"
        case invoiceClaimBelowTotal = "invoice.claim_below_total"
        case invoiceVendorMismatch = "invoice.vendor_mismatch"
        case invoiceDuplicate = "invoice.duplicate"
        case invoicePossibleDuplicate = "invoice.possible_duplicate"
        case policyCapExceeded = "policy.cap_exceeded"
        /// One person's lines of a category on one day add up to more than the daily cap.
        case policyDailyCapExceeded = "policy.daily_cap_exceeded"
        case policyProhibitedVendor = "policy.prohibited_vendor"
        case policyUnapprovedVendor = "policy.unapproved_vendor"
        case policyCategoryMismatch = "policy.category_mismatch"
        case memoryKnownPattern = "memory.known_pattern"
        case memoryLearnedRejection = "memory.learned_rejection"

        public var dimension: Dimension {
            switch self {
            case .amountAboveNorm, .amountFarAboveNorm, .amountUnreadable, .amountNotConverted: .amount
            case .dateFuture, .dateStale, .dateWeekend, .dateInvoiceMismatch, .dateMonthEndBulk: .date
            case .invoiceMissing, .invoiceUnreadable, .invoiceNotVerified, .invoiceCurrencyMismatch,
                .invoiceTotalUnreadable,
                .invoiceClaimExceedsTotal, .invoiceClaimBelowTotal, .invoiceVendorMismatch, .invoiceDuplicate,
                .invoicePossibleDuplicate:
                .invoice
            case .policyCapExceeded, .policyDailyCapExceeded, .policyProhibitedVendor, .policyUnapprovedVendor,
                .policyCategoryMismatch:
                .policy
            case .memoryKnownPattern, .memoryLearnedRejection: .memory
            }
        }
    }
}
