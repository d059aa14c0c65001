import Domain

/// The e-mail addresses the JSON API takes, exactly as its OpenAPI document states them: ASCII,
/// `local@domain.tld` (an internationalised domain in its `xn--` form), at most 254 characters,
/// no surrounding spaces: `^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`. The sign-in page is
/// more forgiving (it trims what people paste).
enum APIEmail {
    static func parse(_ raw: String) -> EmailAddress? {
        let bytes = Array(raw.utf8)
        guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0 else { return nil }
        let local = bytes[..<at]
        let labels = bytes[(at + 1)...].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard local.allSatisfy(isLocal), labels.count >= 2,
            labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDomain) })
        else { return nil }
        return EmailAddress(raw)
    }

    private static func isDomain(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == UInt8(ascii: "-")
    }

    private static func isLocal(_ byte: UInt8) -> Bool {
        isDomain(byte) || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "%"), UInt8(ascii: "+")].contains(byte)
    }
}
