import HTTPTypes
import NIOCore
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Client address and scheme behind proxies")
struct ClientOriginTests {
    let proxies = TrustedProxies(parsing: "10.0.0.0/8, 192.168.1.5, ::1")!

    func origin(peer: String, _ headers: HTTPFields) throws -> ClientOrigin {
        ClientOrigin.resolve(peer: try SocketAddress(ipAddress: peer, port: 40000), headers: headers, trusted: proxies)
    }

    @Test("An untrusted peer is the client, whatever it forwards")
    func untrusted() throws {
        let origin = try origin(
            peer: "203.0.113.9",
            [HTTPField.Name("X-Forwarded-For")!: "1.2.3.4", HTTPField.Name("X-Forwarded-Proto")!: "https"])
        #expect(origin == ClientOrigin(address: "203.0.113.9", isHTTPS: false))
    }

    @Test("Through trusted proxies the client is the rightmost untrusted hop, not a spoofed leftmost one")
    func rightmostUntrusted() throws {
        let origin = try origin(
            peer: "10.1.2.3",
            [
                HTTPField.Name("X-Forwarded-For")!: "6.6.6.6, 198.51.100.7, 10.0.0.2",
                HTTPField.Name("X-Forwarded-Proto")!: "https",
            ])
        #expect(origin == ClientOrigin(address: "198.51.100.7", isHTTPS: true))
    }

    @Test("IPv6 and IPv4-mapped peers match the list; garbage entries are skipped")
    func addresses() throws {
        #expect(
            try origin(peer: "::1", [HTTPField.Name("X-Forwarded-For")!: "junk, 2001:db8::7"]).address == "2001:db8::7")
        #expect(
            try origin(peer: "::ffff:10.9.9.9", [HTTPField.Name("X-Forwarded-For")!: "198.51.100.1"]).address
                == "198.51.100.1")
        #expect(
            try origin(peer: "192.168.1.6", [HTTPField.Name("X-Forwarded-For")!: "198.51.100.1"]).address
                == "192.168.1.6")
    }

    @Test("The proxy list rejects malformed entries")
    func parsing() {
        #expect(TrustedProxies(parsing: "10.0.0.0/33") == nil)
        #expect(TrustedProxies(parsing: "example.com") == nil)
        #expect(TrustedProxies(parsing: "")?.blocks.isEmpty == true)
        #expect(TrustedProxies(parsing: "2001:db8::/32")?.contains("2001:db8:1::5") == true)
    }
}
