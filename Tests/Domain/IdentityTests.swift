import Domain
import Foundation
import Testing

@Suite("Identity values")
struct IdentityTests {
    @Test("A Secret never shows its value in descriptions, dumps or mirrors, and is not Encodable")
    func secretRedaction() {
        let secret = Secret("hunter2-app-secret")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(Mirror(reflecting: secret).children.isEmpty)
        #expect(!((Secret.self as Any.Type) is any Encodable.Type))
        #expect(secret.revealForOutboundUse() == "hunter2-app-secret")
        struct Holder: CustomStringConvertible {
            let s: Secret
            var description: String { "\(s)" }
        }
        #expect(!"\(Holder(s: secret))".contains("hunter2"))
    }

    @Test("A Lark connection's description does not reveal its secrets")
    func connectionRedaction() {
        let connection = LarkConnection(
            tenantID: Identifier(UUID()), appID: "cli_a6cf4d56fe78d013", appSecret: Secret("AAA-secret"),
            encryptKey: Secret("BBB-key"),
            verificationToken: Secret("CCC-token"), updatedAt: Date(timeIntervalSince1970: 0))
        let text = "\(connection) \(String(reflecting: connection))"
        for value in ["AAA-secret", "BBB-key", "CCC-token"] { #expect(!text.contains(value)) }
        #expect(!((LarkConnection.self as Any.Type) is any Encodable.Type))
    }

    @Test("Connection input problems are all reported, and the Encrypt Key's reason is given")
    func connectionProblems() {
        let problems = LarkConnection.problems(
            appID: " ", appSecret: Secret(""), encryptKey: Secret(""), verificationToken: Secret("t"))
        #expect(problems.count == 3)
        #expect(problems.contains { $0.contains("Encrypt Key") && $0.contains("signature") })
        #expect(
            LarkConnection.problems(
                appID: "cli", appSecret: Secret("s"), encryptKey: Secret("k"), verificationToken: Secret("t")
            ).isEmpty)
    }

    @Test("Identifiers are typed, print lower-case, and round-trip through JSON")
    func identifiers() throws {
        let uuid = UUID()
        let id = TenantID(uuid)
        #expect(id.description == uuid.uuidString.lowercased())
        #expect(TenantID(id.description) == id)
        #expect(TenantID("not-a-uuid") == nil)
        #expect(try JSONDecoder().decode(TenantID.self, from: JSONEncoder().encode(id)) == id)
    }

    @Test("E-mail addresses are normalised and implausible ones refused")
    func emails() {
        #expect(EmailAddress("  Ana@Example.COM ")?.value == "ana@example.com")
        for bad in [
            "", "ana", "ana@", "@example.com", "ana@example", "a b@example.com", "ana@.com", "<a>@x.com", "a@b@c.com",
        ] {
            #expect(EmailAddress(bad) == nil, "\(bad) accepted")
        }
    }

    @Test("Endpoint ids are 32 hex digits built from 16 random bytes")
    func endpointIDs() {
        let id = EndpointID(bytes: Array(0..<16))
        #expect(id.value == "000102030405060708090a0b0c0d0e0f")
        #expect(EndpointID(id.value.uppercased()) == id)
        #expect(EndpointID("xyz") == nil)
        #expect(EndpointID(String(repeating: "g", count: 32)) == nil)
        #expect(EndpointID(String(id.value.dropLast())) == nil)
        #expect(EndpointID(id.value + "0") == nil)
        // Only ASCII digits: fullwidth ones are hex digits to `Character` but not in a URL path.
        #expect(EndpointID(String(repeating: "\u{FF10}", count: 32)) == nil)
        #expect(EndpointID(String(id.value.dropLast(2)) + "\u{E9}") == nil)
    }

    @Test("Roles are ordered viewer < approver < admin")
    func roles() {
        #expect(Role.admin.allows(.approver) && Role.approver.allows(.viewer) && !Role.viewer.allows(.approver))
        #expect(Role.allCases.sorted() == [.viewer, .approver, .admin])
    }

    @Test("Lark domains name their Open Platform hosts")
    func domains() {
        #expect(LarkDomain.lark.openAPIHost == "open.larksuite.com")
        #expect(LarkDomain.feishu.openAPIHost == "open.feishu.cn")
    }
}
