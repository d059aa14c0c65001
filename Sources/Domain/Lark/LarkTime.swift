public import Foundation

/// Lark's timestamps: strings or integers, in seconds (`ts`, with a fraction), milliseconds
/// (`operate_time`, `start_time`) or microseconds (some `create_time`), told apart by magnitude.
public enum LarkTime {
    public static func date(_ raw: Any?) -> Date? {
        let number: Double?
        switch raw {
        case let text as String: number = Double(text)
        case let value as NSNumber: number = value.doubleValue
        default: number = nil
        }
        return date(number: number)
    }

    /// The same for a value read by ``JSONValue``: a string or a number.
    public static func date(_ value: JSONValue?) -> Date? {
        switch value {
        case .string(let text)?, .number(let text)?: date(number: Double(text))
        default: nil
        }
    }

    private static func date(number: Double?) -> Date? {
        guard let number, number > 0 else { return nil }
        switch number {
        case ..<1e11: return Date(timeIntervalSince1970: number)
        case ..<1e14: return Date(timeIntervalSince1970: number / 1e3)
        default: return Date(timeIntervalSince1970: number / 1e6)
        }
    }
}
