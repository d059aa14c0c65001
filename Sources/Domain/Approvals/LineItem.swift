public import Foundation

/// One expense line: the whole claim for a simple form, or one row of a detail table.
public struct LineItem: Hashable, Sendable, Codable {
    public var amount: Money
    public var date: Date?
    public var category: String?
    public var vendor: String?
    public var description: String?

    public init(
        amount: Money, date: Date? = nil, category: String? = nil, vendor: String? = nil, description: String? = nil
    ) {
        self.amount = amount
        self.date = date
        self.category = category
        self.vendor = vendor
        self.description = description
    }
}
