public import Foundation

/// An amount converted into another currency at a known rate, for a check and for the card.
public struct CurrencyConversion: Hashable, Sendable {
    public let original: Money
    public let converted: Money
    /// Units of the target currency per unit of the original's.
    public let rate: Decimal
    /// The day of the rate used (the expense's day, or the last published day before it).
    public let day: RateDay
    public let source: ExchangeRate.Source

    /// `original` at `rate`, rounded half to even to the target currency's minor units; nil when
    /// the result does not fit.
    public init?(_ original: Money, to currency: CurrencyCode, rate: Decimal, day: RateDay, source: ExchangeRate.Source)
    {
        let scale = currency.minorUnitDigits - original.currency.minorUnitDigits
        var exact = Decimal(original.minorUnits) * rate * Self.power(of: 10, scale)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 0, .bankers)
        guard rounded.magnitude < Decimal(Int64.max / 2) else { return nil }
        self.original = original
        self.converted = Money(
            minorUnits: NSDecimalNumber(decimal: rounded).int64Value, currency: currency)
        self.rate = rate
        self.day = day
        self.source = source
    }

    private static func power(of base: Decimal, _ exponent: Int) -> Decimal {
        exponent >= 0 ? pow(base, exponent) : 1 / pow(base, -exponent)
    }
}
