/// The claims of a period in one currency: how many, and their sum.
public struct CurrencyTotal: Hashable, Sendable, Codable {
    public let total: Money
    public let claims: Int

    public init(total: Money, claims: Int) {
        self.total = total
        self.claims = claims
    }

    enum CodingKeys: String, CodingKey {
        case currency, total, claims
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try container.decode(CurrencyCode.self, forKey: .currency)
        guard let total = Money(decimal: try container.decode(String.self, forKey: .total), currency: currency) else {
            throw DecodingError.dataCorruptedError(forKey: .total, in: container, debugDescription: "not an amount")
        }
        self.init(total: total, claims: try container.decode(Int.self, forKey: .claims))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total.currency.code, forKey: .currency)
        try container.encode(total.decimalText, forKey: .total)
        try container.encode(claims, forKey: .claims)
    }

    /// The definition every store is held to: each claim counted once, in its base total when
    /// it has one, else its own total; sorted by currency code.
    public static func totals(of submissions: [Submission]) -> [CurrencyTotal] {
        var sums: [CurrencyCode: (Int64, Int)] = [:]
        for submission in submissions {
            guard let amount = submission.baseTotal ?? submission.claimedTotal else { continue }
            let (sum, count) = sums[amount.currency] ?? (0, 0)
            sums[amount.currency] = (sum &+ amount.minorUnits, count + 1)
        }
        return sums.sorted { $0.key.code < $1.key.code }.map {
            CurrencyTotal(total: Money(minorUnits: $0.value.0, currency: $0.key), claims: $0.value.1)
        }
    }
}
