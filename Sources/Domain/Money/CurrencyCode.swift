import Foundation

/// An ISO 4217 alphabetic code, upper-case, with its number of minor-unit digits.
public struct CurrencyCode: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: String

    /// Accepts three ASCII letters in any case.
    public init?(_ text: String) {
        let upper = text.trimmingWhitespace().uppercased()
        guard upper.count == 3, upper.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        self.code = upper
    }

    /// Digits after the decimal point (ISO 4217 "minor unit"); 2 unless listed otherwise.
    public var minorUnitDigits: Int {
        if Self.zeroDigit.contains(code) { return 0 }
        if Self.threeDigits.contains(code) { return 3 }
        return 2
    }

    public var description: String { code }

    private static let zeroDigit: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
        "VUV", "XAF", "XOF", "XPF",
    ]
    private static let threeDigits: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let currency = CurrencyCode(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 4217 code")
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
