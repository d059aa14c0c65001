public import Domain
public import Foundation
public import Ports

/// What tenant memory learns from an approver's decision: one pattern per vendor, category and
/// currency, whose band widens to every decided amount.
public struct PatternLearner: Sendable {
    public let randomness: any Randomness

    public func learn(_ choice: Decision.Outcome, from submission: Submission, scope: any TenantScope, now: Date) async throws {
        for line in submission.lineItems {
            guard let vendor = line.vendor.map(VendorName.normalise), !vendor.isEmpty, let category = line.category else { continue }
            let currency = line.amount.currency
            let existing = try await scope.patterns.pattern(vendorKey: vendor, category: category, currency: currency)
            let base = existing ?? LearnedPattern(
                id: randomness.identifier(), tenantID: submission.tenantID, vendorKey: vendor, category: category, currency: currency,
                lowerBound: line.amount.minorUnits, upperBound: line.amount.minorUnits, approvals: 0, rejections: 0, lastDecidedAt: now)
            try await scope.patterns.save(base.learning(choice, amount: line.amount, at: now))
        }
    }
}
