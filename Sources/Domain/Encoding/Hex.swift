/// Bytes as lowercase hex text (digests, content hashes, idempotency keys), written without
/// Foundation's `String(format: "%02x")`, which goes through the locale machinery and cost about a
/// microsecond a byte: 1 % of a claim's CPU for one attachment's SHA-256. Inlinable, so each caller
/// gets a copy specialised for its digest type instead of walking it through a generic `Sequence`.
public enum Hex {
    @inlinable
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        let digits: StaticString = "0123456789abcdef"
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        digits.withUTF8Buffer { digits in
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
