import Domain
import Foundation

/// What ``SubmissionJSON`` and ``ExtractionJSON`` share: the stored shapes of money and dates,
/// and optional strings read as `Codable` reads them (``CodableReading``).
enum StoredJSON {
    static func money(_ money: Money) -> [String: Any] {
        ["minorUnits": Int(money.minorUnits), "currency": money.currency.code]
    }

    static func money(_ value: JSONValue) -> Money? {
        guard let object = value.object, let minorUnits = object["minorUnits"]?.integer,
            let currency = object["currency"]?.string.flatMap(CurrencyCode.init)
        else { return nil }
        return Money(minorUnits: minorUnits, currency: currency)
    }

    /// As `JSONDecoder` reads `.millisecondsSince1970`: the number over 1,000, in seconds.
    static func date(_ value: JSONValue?) -> Date? {
        guard let milliseconds = value?.double, milliseconds.isFinite else { return nil }
        return Date(timeIntervalSince1970: milliseconds / 1000)
    }

    /// As `JSONEncoder` writes `.millisecondsSince1970`.
    static func millis(_ date: Date) -> Double { date.timeIntervalSince1970 * 1000 }

    static func optionalString(_ value: JSONValue?) -> String?? {
        CodableReading.optional(value) { $0.string }
    }
}
