/// Compact JSON text, keys sorted, from the value trees cards are built of: `String`, `Bool`,
/// `Int`, `Double`, arrays, dictionaries with string keys and ``JSONText/Raw``.
///
/// It replaces `JSONSerialization` on the card path, where bridging every dictionary through
/// `NSDictionary` cost more CPU than the rest of a check. Strings are escaped as RFC 8259 requires
/// (quote, backslash, control characters); everything else, `/` and non-ASCII included, is
/// written as is.
public enum JSONText {
    /// Text that is already a JSON document, written verbatim.
    public struct Raw: Sendable {
        public let text: String
        public init(_ text: String) { self.text = text }
    }

    public enum Failure: Error, Equatable {
        /// A value of a type JSON cannot hold, or a number that is not finite.
        case unsupported(String)
    }

    public static func serialize(_ value: Any) throws -> String {
        String(decoding: try utf8(value), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, for a request body: no second copy, no re-validation.
    public static func utf8(_ value: Any) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        try write(value, to: &output)
        return output
    }

    private static func write(_ value: Any, to output: inout [UInt8]) throws {
        switch value {
        case let string as String:
            writeString(string, to: &output)
        case let flag as Bool:
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case let number as Int:
            output.append(contentsOf: String(number).utf8)
        case let number as Double:
            guard number.isFinite else { throw Failure.unsupported("\(number)") }
            output.append(contentsOf: String(number).utf8)
        case let raw as Raw:
            output.append(contentsOf: raw.text.utf8)
        case let object as [String: Any]:
            output.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                try write(object[key]!, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case let array as [Any]:
            output.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        default:
            throw Failure.unsupported(String(describing: type(of: value)))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied at once (a base64 document is one run).
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case UInt8(ascii: "\n"): output.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): output.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): output.append(UInt8(ascii: "t"))
                default:
                    output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0xF)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }
}
