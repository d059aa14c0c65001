extension PolicyRule: Codable {
    private enum CodingKeys: String, CodingKey { case kind, category, amount, vendor, days }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .categoryCap:
            self = .categoryCap(
                category: try c.decode(String.self, forKey: .category), cap: try c.decode(Money.self, forKey: .amount))
        case .dailyCap:
            self = .dailyCap(
                category: try c.decode(String.self, forKey: .category), cap: try c.decode(Money.self, forKey: .amount))
        case .prohibitedVendor: self = .prohibitedVendor(try c.decode(String.self, forKey: .vendor))
        case .approvedVendor: self = .approvedVendor(try c.decode(String.self, forKey: .vendor))
        case .invoiceRequiredAbove: self = .invoiceRequiredAbove(try c.decode(Money.self, forKey: .amount))
        case .submissionWindow: self = .submissionWindow(days: try c.decode(Int.self, forKey: .days))
        case .weekendExpensesFlagged: self = .weekendExpensesFlagged
        case .monthEndBulkFlagged: self = .monthEndBulkFlagged
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .categoryCap(let category, let cap), .dailyCap(let category, let cap):
            try c.encode(category, forKey: .category)
            try c.encode(cap, forKey: .amount)
        case .prohibitedVendor(let vendor), .approvedVendor(let vendor): try c.encode(vendor, forKey: .vendor)
        case .invoiceRequiredAbove(let amount): try c.encode(amount, forKey: .amount)
        case .submissionWindow(let days): try c.encode(days, forKey: .days)
        case .weekendExpensesFlagged, .monthEndBulkFlagged: break
        }
    }
}
