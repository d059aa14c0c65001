import Application
import Domain
import Foundation

/// A learned pattern of the rule library, with its band as decimal texts.
struct RuleView: Encodable {
    let id: String
    let vendor: String
    let category: String
    let currency: String
    let lower: String
    let upper: String
    let approvals: Int
    let rejections: Int
    let lastDecidedAt: Date

    init(_ pattern: LearnedPattern) {
        id = pattern.id.description
        vendor = pattern.vendorKey
        category = pattern.category
        currency = pattern.currency.code
        lower = Money(minorUnits: pattern.lowerBound, currency: pattern.currency).decimalText
        upper = Money(minorUnits: pattern.upperBound, currency: pattern.currency).decimalText
        approvals = pattern.approvals
        rejections = pattern.rejections
        lastDecidedAt = pattern.lastDecidedAt
    }
}
