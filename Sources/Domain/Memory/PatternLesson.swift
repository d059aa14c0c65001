public import Foundation

/// What tenant memory learns from one line of a decided claim: the pattern of its vendor,
/// category and currency, whose band widens to every decided amount. Lines without a vendor or
/// a category teach nothing.
public struct PatternLesson: Hashable, Sendable {
    public let vendorKey: String
    public let category: String
    public let amount: Money

    public static func lessons(from submission: Submission) -> [PatternLesson] {
        submission.lineItems.compactMap { line in
            guard let vendor = line.vendor.map(VendorName.normalise), !vendor.isEmpty, let category = line.category
            else { return nil }
            return PatternLesson(vendorKey: vendor, category: category, amount: line.amount)
        }
    }

    /// The pattern after this lesson: `existing` updated, or a new one with `newID`.
    public func applied(
        _ outcome: Decision.Outcome, to existing: LearnedPattern?, tenantID: TenantID, newID: PatternID, at time: Date
    ) -> LearnedPattern {
        let base =
            existing
            ?? LearnedPattern(
                id: newID, tenantID: tenantID, vendorKey: vendorKey, category: category, currency: amount.currency,
                lowerBound: amount.minorUnits, upperBound: amount.minorUnits, approvals: 0, rejections: 0,
                lastDecidedAt: time)
        return base.learning(outcome, amount: amount, at: time)
    }
}
