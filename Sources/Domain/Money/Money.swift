import Foundation

/// An amount as an integer count of minor units (cents, fen) in one currency. Never a float.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: CurrencyCode

    public init(minorUnits: Int64, currency: CurrencyCode) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses a decimal text such as `"1234.5"` or `"-12"`. Rejects more fractional digits than
    /// the currency has, exponents, grouping separators and values that overflow.
    public init?(decimal text: String, currency: CurrencyCode) {
        var digits = Substring(text.trimmingWhitespace())
        let negative = digits.first == "-"
        if negative || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty || parts.count == 2 else { return nil }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        let scale = currency.minorUnitDigits
        guard whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit), fraction.count <= scale,
            !(whole.isEmpty && fraction.isEmpty)
        else { return nil }
        let padded = String(whole) + fraction + String(repeating: "0", count: scale - fraction.count)
        guard let magnitude = Int64(padded.isEmpty ? "0" : padded) else { return nil }
        self.init(minorUnits: negative ? -magnitude : magnitude, currency: currency)
    }

    /// The amount as a plain decimal text with exactly the currency's digits, e.g. `"1234.50"`.
    public var decimalText: String {
        let scale = currency.minorUnitDigits
        let magnitude = minorUnits.magnitude
        let sign = minorUnits < 0 ? "-" : ""
        guard scale > 0 else { return sign + String(magnitude) }
        var divisor: UInt64 = 1
        for _ in 0..<scale { divisor *= 10 }
        let fraction = String(magnitude % divisor)
        return sign + String(magnitude / divisor) + "." + String(repeating: "0", count: scale - fraction.count)
            + fraction
    }

    public var description: String { "\(decimalText) \(currency.code)" }

    /// Reads ``description`` back: `"420.00 SGD"`.
    public init?(described text: String) {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let currency = CurrencyCode(String(parts[1])) else { return nil }
        self.init(decimal: String(parts[0]), currency: currency)
    }

    /// Sum of two amounts of the same currency; nil on a currency mismatch or overflow.
    public func adding(_ other: Money) -> Money? {
        guard other.currency == currency else { return nil }
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        return overflow ? nil : Money(minorUnits: sum, currency: currency)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
