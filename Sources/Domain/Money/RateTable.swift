public import Foundation

/// The rates in force on a day: a workspace's manual rates first (the latest set on or before
/// the day, either way round), then the reference feed's latest day on or before it (any pair
/// through the feed's base currency). Pure: the same table always converts the same way.
public struct RateTable: Hashable, Sendable {
    public let day: RateDay
    public let manual: [ExchangeRate]
    public let feed: ReferenceRates?

    /// The feed's last day may be this many days before the expense (weekends and holidays).
    public static let feedReach = 7

    public init(day: RateDay, manual: [ExchangeRate] = [], feed: ReferenceRates? = nil) {
        self.day = day
        self.manual = manual.filter { $0.day <= day && $0.source == .manual }
        self.feed = feed.flatMap { $0.day <= day && $0.day >= day.adding(days: -Self.feedReach) ? $0 : nil }
    }

    /// `money` in `currency`; the original unchanged when it is already in it; nil without a rate.
    public func convert(_ money: Money, to currency: CurrencyCode) -> CurrencyConversion? {
        if money.currency == currency {
            return CurrencyConversion(money, to: currency, rate: 1, day: day, source: .manual)
        }
        guard let (rate, rateDay, source) = rate(from: money.currency, to: currency) else { return nil }
        return CurrencyConversion(money, to: currency, rate: rate, day: rateDay, source: source)
    }

    /// Units of `to` per unit of `from`, the day it was set and where it came from.
    public func rate(from: CurrencyCode, to: CurrencyCode) -> (Decimal, RateDay, ExchangeRate.Source)? {
        let latest = manual.filter { ($0.from == from && $0.to == to) || ($0.from == to && $0.to == from) }
            .max { $0.day < $1.day }
        if let latest {
            return (latest.from == from ? latest.rate : 1 / latest.rate, latest.day, .manual)
        }
        guard let feed else { return nil }
        let perFrom = from == feed.base ? 1 : feed.perBase[from]
        let perTo = to == feed.base ? 1 : feed.perBase[to]
        guard let perFrom, let perTo, perFrom > 0 else { return nil }
        return (perTo / perFrom, feed.day, .feed)
    }
}

/// The rate tables a check needs, by day.
public struct ExchangeRateBook: Hashable, Sendable {
    public var tables: [RateDay: RateTable]

    public init(_ tables: [RateTable] = []) {
        self.tables = Dictionary(tables.map { ($0.day, $0) }) { first, _ in first }
    }

    /// `money` in `currency` at `day`'s rate; the original when already in it; nil without one.
    public func convert(_ money: Money, to currency: CurrencyCode, on day: RateDay) -> CurrencyConversion? {
        if money.currency == currency { return RateTable(day: day).convert(money, to: currency) }
        return tables[day]?.convert(money, to: currency)
    }
}
