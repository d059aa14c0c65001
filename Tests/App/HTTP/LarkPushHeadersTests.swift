import HTTPTypes
import Testing

@testable import HTTP

@Suite("A push's headers, read in one pass")
struct LarkPushHeadersTests {
    @Test("Names match in any case; a repeated header joins as HTTPFields joins it, so a doubled signature differs")
    func readsAndJoins() throws {
        let signature = "c0b8a0f7b7f6f6bd1e4f0f2cc3c1e9b4b0a2b51ad2f2a8ee7cf5e56b4b1a4a11"
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = "184"
        fields.append(HTTPField(name: try #require(HTTPField.Name("x-lark-request-timestamp")), value: "1764751200"))
        fields.append(HTTPField(name: try #require(HTTPField.Name("X-LARK-REQUEST-NONCE")), value: "1384925711"))
        fields.append(HTTPField(name: LarkPushHeaders.signatureName, value: signature))
        fields.append(HTTPField(name: LarkPushHeaders.signatureName, value: signature))
        fields.append(HTTPField(name: .userAgent, value: "Go-http-client/1.1"))

        let headers = LarkPushHeaders(fields)
        #expect(headers.contentType == fields[.contentType])
        #expect(headers.contentLength == "184")
        #expect(headers.timestamp == "1764751200")
        #expect(headers.nonce == "1384925711")
        #expect(headers.signature == fields[LarkPushHeaders.signatureName])
        #expect(headers.signature == signature + ", " + signature)

        let none = LarkPushHeaders(HTTPFields())
        #expect(none.contentType == nil && none.contentLength == nil && none.signature == nil)
        #expect(none.timestamp == nil && none.nonce == nil)
    }
}
