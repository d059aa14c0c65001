import Domain
import Foundation
import Ports
import Testing

@testable import Adapters

@Suite("Lark push crypto")
struct LarkPushCryptoTests {
    static func body(_ encrypt: String) -> Data { Data(#"{"encrypt":"\#(encrypt)"}"#.utf8) }

    static let d3 =
        "bZ3L7yh6m3Fkuffl4g+3uGjIHnhOm5fVZbKVuyT8t7tcd5ABMYm8l28/X900ZL3knZ7n+sCREu/H2WnIzft0amC7+xWqNH8o25IU63N4BnZWfHh+4hyG76QPd19vkw2bPJCx9aqxK8Nz+xqFNbk0RdgyWhmgd30jSxHtcQXAllkI7FMpGpOCteJad3bLXPDBQIV/xkCtKICCS7Z63gakpxZCLaRZ3qCXP1fapHh+LBIupxenrU6ysc7I3nHmjmKie41IiWwS5puG4zQHhVbq6KWLcgWm/3NBZOPQy53ucMu75SXA55I7jarVLZXWUcqBGrcgE3vouWbtwgZuzmoTQl0GSh5VYSVvpW992BuGxUWj0XjPYdICJm6Cr7xouNXwMcdb7N8caVdkdSZeEnswG19qSyDoQhklwzNGW0yiaayulBqJNjfge/G5V3401c2XaIuAeEIo+QQ4RSNpRGfnHkbu/j55FGQAGWjpuBNaIwZbaUoVP3NkGP+vM5rpEDe3sL2GN+Xsd+g9yBs7FqdMV8mXTGgLjCqjrPrke5/km76Q3Pe6KPs2YexMRG4MkSx3xUTzZnNn7zIzShPcjeSwBd2pxk6ht5N+fzueZdxl6Oo="

    @Test("D1: a short payload with 5 bytes of PKCS#7 padding")
    func d1() {
        let plain = LarkPushCrypto.decrypt(
            body: Self.body("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="), encryptKey: "test key")
        #expect(plain.map { String(decoding: $0, as: UTF8.self) } == "hello world")
    }

    @Test("D2: an encrypted challenge decrypts and parses")
    func d2() throws {
        let encrypted =
            "tT1xP+ovuc0T3b/rnZX3ax76exqAn0ANQ6/U45GcciC0mgNBc8JtvqOJGNAPMKpgRs2dVU1NYk9VDeqS8T4SYtU0hzNU54aS84WnxvZ3VFfDcy/RyABlNqlUiGyLDzFI0yxdCMT4KR/YEQXlt6nZi50KwRlZ+A75r645KesZuLMljezYyY8VeeXEVjPw35+e"
        let plain = try #require(LarkPushCrypto.decrypt(body: Self.body(encrypted), encryptKey: "mazhe.nerd"))
        #expect(
            String(decoding: plain, as: UTF8.self)
                == #"{"challenge":"5634b122-c042-4634-bc7f-b07a3c3e77ad","token":"iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6","type":"url_verification"}"#
        )
        #expect(
            try LarkPush.parse(plain)
                == .challenge(
                    challenge: "5634b122-c042-4634-bc7f-b07a3c3e77ad", token: "iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6"))
    }

    @Test("D3 and S1: a v2 event with a full padding block, and its signature")
    func d3s1() throws {
        let plain = try #require(LarkPushCrypto.decrypt(body: Self.body(Self.d3), encryptKey: "1212121212"))
        let text = String(decoding: plain, as: UTF8.self)
        #expect(
            text.hasPrefix(
                #"{"schema":"2.0","header":{"event_id":"f7984f25108f8137722bb63cee927e66","event_type":"contact.user.created_v3","#
            ))
        #expect(text.contains("张三"))
        guard case .event(let event) = try LarkPush.parse(plain) else {
            Issue.record("not an event")
            return
        }
        #expect(event.id == "f7984f25108f8137722bb63cee927e66" && event.type == "contact.user.created_v3")
        #expect(
            LarkPushCrypto.signature(timestamp: "timestamp", nonce: "nonce", key: "1212121212", body: plain)
                == "4dca085198cb3216defc5b65b0668c1328b038a22dbadf2bc6c4fdc3d32bbc45")
    }

    @Test("S2: the signature covers the raw encrypted body")
    func s2() {
        let body = Self.body("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=")
        #expect(
            LarkPushCrypto.signature(timestamp: "1700000000", nonce: "abc123", key: "test key", body: body)
                == "69c61fa99760d59824d588297c0036194769fb54331682c9cbcd93e85b9a8aad")
    }

    @Test("S3: the legacy SHA-1 card signature with the Verification Token")
    func s3() {
        // The reference's synthetic S3 with a real-shaped open id; the digest is Python's hashlib
        // over the same bytes (the reference's own S3 reproduces there as 0f56128e…fc too).
        let body = Data(
            #"{"open_id":"ou_3c14f3a59eaf2825dbe25359f15a0c11","action":{"value":{"k":"v"},"tag":"button"}}"#.utf8)
        #expect(
            LarkPushCrypto.legacySignature(timestamp: "1700000000", nonce: "abc123", token: "vtoken", body: body)
                == "c22645561f4865fdb418ac9eafcaeaa2d083c775")
    }

    @Test(
        "Own vectors: every length from 0 to 40 bytes round-trips; wrong key, bad padding and tampering fail",
        arguments: 0...40)
    func roundTrip(length: Int) {
        let plain = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        let encrypted = LarkPushCrypto.encrypt(
            plain, encryptKey: "own key", iv: Array(repeating: UInt8(length), count: 16))
        #expect(LarkPushCrypto.decrypt(body: Self.body(encrypted), encryptKey: "own key") == plain)
        var raw = Data(base64Encoded: encrypted)!
        raw[raw.count - 1] ^= 0x5A
        let tampered = LarkPushCrypto.decrypt(body: Self.body(raw.base64EncodedString()), encryptKey: "own key")
        #expect(tampered != plain)
    }

    @Test(
        "Malformed encrypt fields are refused",
        arguments: ["", "not base64!", "QUJD", String(repeating: "A", count: 44)])
    func malformed(encrypt: String) {
        #expect(LarkPushCrypto.decrypt(body: Self.body(encrypt), encryptKey: "k") == nil)
        #expect(LarkPushCrypto.decrypt(body: Data("[]".utf8), encryptKey: "k") == nil)
    }

    @Test("Lark's envelope is read without a JSON decoder; any other shape falls back to the decoder")
    func envelope() throws {
        let plain = Data(#"{"uuid":"u","token":"t","type":"event_callback"}"#.utf8)
        let encrypted = LarkPushCrypto.encrypt(plain, encryptKey: "own key", iv: Array(repeating: 7, count: 16))
        #expect(LarkPushCrypto.envelopeValue(Data(#"{"encrypt":"\#(encrypted)"}"#.utf8)) == encrypted)
        #expect(LarkPushCrypto.envelopeValue(Data(" {\n \"encrypt\" : \"\(encrypted)\" }\n".utf8)) == encrypted)
        for other in [
            #"{"encrypt":"a","extra":1}"#, #"{"encrypt":"a\/b"}"#, #"{"encrypt":1}"#, #"{"other":"a"}"#, "[]",
            #"{"encrypt":"a""#,
        ] {
            #expect(LarkPushCrypto.envelopeValue(Data(other.utf8)) == nil, "\(other)")
        }
        let withExtraKey = Data(#"{"encrypt":"\#(encrypted)","schema":"2.0"}"#.utf8)
        #expect(LarkPushCrypto.decrypt(body: withExtraKey, encryptKey: "own key") == plain, "the decoder's path")
        #expect(
            LarkPushCrypto.decrypt(body: Data(#"{"encrypt":"\#(encrypted)"}"#.utf8), encryptKey: "own key") == plain)
        let first = try #require(encrypted.unicodeScalars.first).value
        let escaped = String(format: "\\u%04x", first) + encrypted.dropFirst()
        #expect(
            LarkPushCrypto.decrypt(body: Data(#"{"encrypt":"\#(escaped)"}"#.utf8), encryptKey: "own key") == plain,
            "an escape in the value: the reader's path")
    }
}
