import Testing

@testable import Adapters

@Suite("A response head's lines, as libcurl hands them over")
struct HTTPHeaderLineTests {
    private func parse(_ line: String) -> HTTPHeaderLine {
        Array(line.utf8).withUnsafeBytes { HTTPHeaderLine($0) }
    }

    @Test("A field's name is lowercased and its value loses the blanks around it, not those inside")
    func field() {
        #expect(
            parse("X-Tt-Logid: 202612021745118C3F0A9B7E6D5C4B3A2F\r\n")
                == .field(name: "x-tt-logid", value: "202612021745118C3F0A9B7E6D5C4B3A2F"))
        #expect(
            parse("Content-Type:application/json; charset=utf-8\r\n")
                == .field(name: "content-type", value: "application/json; charset=utf-8"))
        #expect(parse("x-ogw-ratelimit-reset: \t 2 \r\n") == .field(name: "x-ogw-ratelimit-reset", value: "2"))
        #expect(parse("Retry-After:\r\n") == .field(name: "retry-after", value: ""))
    }

    @Test("Only the first colon splits: a value may hold colons of its own")
    func colonInValue() {
        #expect(
            parse("Location: https://open.larksuite.com:443/open-apis\r\n")
                == .field(name: "location", value: "https://open.larksuite.com:443/open-apis"))
    }

    @Test("A status line starts a new response; the blank line and a line without a colon are neither")
    func others() {
        #expect(parse("HTTP/1.1 100 Continue\r\n") == .statusLine)
        #expect(parse("HTTP/2 429\r\n") == .statusLine)
        #expect(parse("\r\n") == .other)
        #expect(parse("") == .other)
        #expect(parse("garbage without separator\r\n") == .other)
    }

    @Test("Bytes that are not UTF-8 are replaced, not trusted")
    func invalidBytes() {
        let line: [UInt8] = Array("X-Name: a".utf8) + [0xFF] + Array("b\r\n".utf8)
        let parsed = line.withUnsafeBytes { HTTPHeaderLine($0) }
        #expect(parsed == .field(name: "x-name", value: "a\u{FFFD}b"))
    }
}
