public import Foundation

/// A tenant-private rule learned from approvers' decisions: "this vendor, this category, about this much".
public struct LearnedPattern: Hashable, Sendable, Codable {
    public let id: PatternID
    public let tenantID: TenantID
    /// ``VendorName/normalise(_:)`` of the vendor.
    public let vendorKey: String
    public let category: String
    public let currency: CurrencyCode
    /// Inclusive amount band, in minor units of `currency`.
    public var lowerBound: Int64
    public var upperBound: Int64
    public var approvals: Int
    public var rejections: Int
    public var lastDecidedAt: Date

    public init(
        id: PatternID, tenantID: TenantID, vendorKey: String, category: String, currency: CurrencyCode,
        lowerBound: Int64, upperBound: Int64, approvals: Int, rejections: Int, lastDecidedAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.vendorKey = vendorKey
        self.category = category
        self.currency = currency
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.approvals = approvals
        self.rejections = rejections
        self.lastDecidedAt = lastDecidedAt
    }

    /// Whether a claimed amount falls inside the band (same currency only).
    public func contains(_ amount: Money) -> Bool {
        amount.currency == currency && (lowerBound...upperBound).contains(amount.minorUnits)
    }

    /// The pattern after one more decision: the band widens to include the amount, counters move.
    public func learning(_ outcome: Decision.Outcome, amount: Money, at time: Date) -> LearnedPattern {
        var next = self
        guard amount.currency == currency else { return next }
        next.lowerBound = Swift.min(lowerBound, amount.minorUnits)
        next.upperBound = Swift.max(upperBound, amount.minorUnits)
        switch outcome {
        case .approve: next.approvals += 1
        case .reject: next.rejections += 1
        case .askForInfo: return self
        }
        next.lastDecidedAt = time
        return next
    }

    /// Whether the band edits keep the pattern meaningful (non-negative, ordered).
    public static func isValidBand(lower: Int64, upper: Int64) -> Bool { lower >= 0 && lower <= upper }
}
