public import Foundation

extension JSONValue {
    /// Why a text is not JSON: the byte offset where reading stopped.
    public struct Malformed: Error, Hashable, Sendable {
        public let offset: Int
    }

    /// Arrays and objects nested deeper than this are refused (the reader recurses).
    public static let maxDepth = 128

    /// Reads one JSON value (RFC 8259, UTF-8, any value at the top) and nothing after it but
    /// whitespace. Strings must be valid UTF-8 without raw control characters; `\u` escapes must
    /// pair their surrogates.
    public static func parse(_ data: Data) throws(Malformed) -> JSONValue {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(Malformed) in
                var reader = JSONReader(raw.bindMemory(to: UInt8.self))
                return try reader.document()
            }
        }
        return try result.get()
    }

    public static func parse(_ text: String) throws(Malformed) -> JSONValue {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(Malformed) in
                var reader = JSONReader(bytes)
                return try reader.document()
            }
        }
        return try result.get()
    }
}

/// The recursive-descent reader behind ``JSONValue/parse(_:)-(Data)``, over the bytes in place.
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() throws(JSONValue.Malformed) -> JSONValue {
        let value = try self.value()
        skipWhitespace()
        guard index == bytes.count else { throw failure }
        return value
    }

    private var failure: JSONValue.Malformed { JSONValue.Malformed(offset: index) }

    private mutating func value() throws(JSONValue.Malformed) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try object())
        case UInt8(ascii: "["): return .array(try array())
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure
        }
    }

    private mutating func object() throws(JSONValue.Malformed) -> JSONObject {
        try enter()
        var object = JSONObject()
        skipWhitespace()
        if try consume(UInt8(ascii: "}")) {
            depth -= 1
            return object
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure }
            let key = try string()
            skipWhitespace()
            guard try consume(UInt8(ascii: ":")) else { throw failure }
            object.append(key, try value())
            skipWhitespace()
            if try consume(UInt8(ascii: ",")) { continue }
            guard try consume(UInt8(ascii: "}")) else { throw failure }
            depth -= 1
            return object
        }
    }

    private mutating func array() throws(JSONValue.Malformed) -> [JSONValue] {
        try enter()
        var elements: [JSONValue] = []
        skipWhitespace()
        if try consume(UInt8(ascii: "]")) {
            depth -= 1
            return elements
        }
        while true {
            elements.append(try value())
            skipWhitespace()
            if try consume(UInt8(ascii: ",")) { continue }
            guard try consume(UInt8(ascii: "]")) else { throw failure }
            depth -= 1
            return elements
        }
    }

    /// Steps over the opening bracket, one level deeper.
    private mutating func enter() throws(JSONValue.Malformed) {
        depth += 1
        guard depth <= JSONValue.maxDepth else { throw failure }
        index += 1
    }

    /// Steps over `byte` if it is next.
    private mutating func consume(_ byte: UInt8) throws(JSONValue.Malformed) -> Bool {
        guard index < bytes.count else { throw failure }
        guard bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func literal(_ word: StaticString) throws(JSONValue.Malformed) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw failure }
        index += count
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, as its text, within a Double's range.
    private mutating func number() throws(JSONValue.Malformed) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure }
            skipDigits()
        }
        var exponent = false
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            exponent = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        // A number beyond a Double's range is refused, as JSONSerialization refuses it.
        if exponent || index - start > 300 {
            guard let value = Double(text), value.isFinite else {
                index = start
                throw failure
            }
        }
        return text
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    /// A string from its opening quote: read in place when it has no escape.
    private mutating func string() throws(JSONValue.Malformed) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard let string = Self.validString(UnsafeBufferPointer(rebasing: bytes[start..<index])) else {
                    throw failure
                }
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw failure }
            index += 1
        }
        throw failure
    }

    /// The text of valid UTF-8, nil for anything else. Decoding replaces what is not UTF-8, so the
    /// text has the same bytes exactly when there was nothing to replace. (`String(validating:)`
    /// is not specialised for these bytes; its generic path cost more than the rest of a read.)
    private static func validString(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
        let string = String(decoding: utf8, as: UTF8.self)
        guard utf8.contains(where: { $0 >= 0x80 }) else { return string }
        return string.utf8.elementsEqual(utf8) ? string : nil
    }

    /// The rest of a string that has escapes, from its first backslash.
    private mutating func escapedString(from start: Int) throws(JSONValue.Malformed) -> String {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = utf8.withUnsafeBufferPointer(Self.validString) else { throw failure }
                index += 1
                return string
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): UTF8.encode(try unicodeEscape()) { utf8.append($0) }
                default:
                    index -= 1
                    throw failure
                }
            default:
                guard byte >= 0x20 else { throw failure }
                utf8.append(byte)
                index += 1
            }
        }
        throw failure
    }

    /// The scalar of `\uXXXX` (after its `u`), with the low half of a surrogate pair read too.
    private mutating func unicodeEscape() throws(JSONValue.Malformed) -> Unicode.Scalar {
        let unit = try hexQuad()
        switch unit {
        case 0xD800..<0xDC00:
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw failure }
            index += 2
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw failure }
            let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw failure }
            return scalar
        case 0xDC00..<0xE000:
            throw failure
        default:
            guard let scalar = Unicode.Scalar(unit) else { throw failure }
            return scalar
        }
    }

    private mutating func hexQuad() throws(JSONValue.Malformed) -> UInt16 {
        guard index + 4 <= bytes.count else { throw failure }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
