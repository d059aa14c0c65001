/// One line of a response head as libcurl hands it to the header callback (`Name: value\r\n`),
/// split on its bytes: a header callback runs for every line of every answer, and Foundation's
/// Unicode-aware trimming made it a visible share of each call's CPU.
enum HTTPHeaderLine: Equatable {
    /// `HTTP/1.1 200 OK`: a new response begins (after a 100-continue, or a redirect).
    case statusLine
    /// A header field, its name lowercased, its value without surrounding blanks.
    case field(name: String, value: String)
    /// The blank line ending the head, or a line without a colon.
    case other

    init(_ bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: "HTTP/".utf8) {
            self = .statusLine
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            self = .other
            return
        }
        let name = Self.trimmed(bytes[..<colon])
        let value = Self.trimmed(bytes[(colon + 1)...])
        self = .field(
            name: String(decoding: name.lazy.map(Self.lowercased), as: UTF8.self),
            value: String(decoding: value, as: UTF8.self))
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\n")
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
