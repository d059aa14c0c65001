public import Foundation

/// How many units of `to` one unit of `from` buys, in force from `day`: an admin's manual rate,
/// or one derived from the daily reference-rate feed.
public struct ExchangeRate: Hashable, Sendable, Codable {
    public enum Source: String, Sendable, Codable {
        case manual
        case feed
    }

    public let from: CurrencyCode
    public let to: CurrencyCode
    public let rate: Decimal
    public let day: RateDay
    public let source: Source

    /// Nil unless the currencies differ and the rate is positive and below a billion.
    public init?(from: CurrencyCode, to: CurrencyCode, rate: Decimal, day: RateDay, source: Source) {
        guard from != to, rate > 0, rate < 1_000_000_000 else { return nil }
        self.from = from
        self.to = to
        self.rate = rate
        self.day = day
        self.source = source
    }

    /// Reads a rate's decimal text (`"1.0842"`): digits with at most one point, no exponent.
    public static func decimal(_ text: String) -> Decimal? {
        let trimmed = text.trimmingWhitespace()
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard !trimmed.isEmpty, trimmed.count <= 25, (1...2).contains(parts.count),
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), !(parts.count == 2 && parts[1].isEmpty)
        else { return nil }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The rate as plain decimal text.
    public var rateText: String { Self.text(rate) }

    /// A rate as plain decimal text (`"1.0842"`), the form ``decimal(_:)`` reads back.
    public static func text(_ rate: Decimal) -> String {
        NSDecimalNumber(decimal: rate).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }
}

/// One day of a reference-rate feed: how many units of each currency one unit of `base` buys
/// (the ECB's feed is based on the euro).
public struct ReferenceRates: Hashable, Sendable {
    public let day: RateDay
    public let base: CurrencyCode
    public let perBase: [CurrencyCode: Decimal]

    public init(day: RateDay, base: CurrencyCode, perBase: [CurrencyCode: Decimal]) {
        self.day = day
        self.base = base
        self.perBase = perBase.filter { $0.key != base && $0.value > 0 }
    }
}
