import Adapters
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ports
import Testing

@testable import Application
@testable import HTTP

@Suite("Limits that hold against rotation: IPv6 networks, many keys, mail, invitations, Google starts")
struct AbuseLimitTests {
    static func fixture() -> WebFixture { WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer)) }

    @Test("Rate limits key IPv6 clients on their /64 and IPv4 clients on their address")
    func limitKeys() {
        let key = { (address: String) in ClientOrigin(address: address, isHTTPS: false).rateLimitKey }
        #expect(key("2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(key("2001:db8:1:2:ffff:eeee:dddd:cccc") == "2001:db8:1:2::/64")
        #expect(key("[2001:DB8:1:2::99]") == "2001:db8:1:2::/64")
        #expect(key("2001:db8:1:3::1") == "2001:db8:1:3::/64")
        #expect(key("::ffff:203.0.113.7") == "203.0.113.7", "an IPv4-mapped address is its IPv4 client")
        #expect(key("203.0.113.7") == "203.0.113.7")
        #expect(key("unknown") == "unknown")
    }

    @Test("Behind a trusted proxy, a client rotating addresses inside its /64 shares one sign-in limit")
    func rotatingIPv6() async throws {
        var fixture = Self.fixture()
        fixture.trustedProxies = try #require(TrustedProxies(parsing: "127.0.0.1,::1"))
        try await fixture.application.test(.live) { client in
            var statuses: [Int] = []
            for index in 0..<12 {
                let response = try await client.execute(
                    uri: "/api/v1/auth/magic-link", method: .post,
                    headers: [
                        HTTPField.Name("X-Forwarded-For")!: "2001:db8:7:9:\(String(index, radix: 16))::1",
                        .contentType: "application/json", HTTPField.Name("Origin")!: WebClient.origin,
                    ],
                    body: ByteBuffer(string: #"{"email":"r\#(index)@example.com"}"#))
                statuses.append(response.status.code)
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == 202 } && statuses.suffix(2).allSatisfy { $0 == 429 })
            let other = try await client.execute(
                uri: "/api/v1/auth/magic-link", method: .post,
                headers: [
                    HTTPField.Name("X-Forwarded-For")!: "2001:db8:7:a::1", .contentType: "application/json",
                    HTTPField.Name("Origin")!: WebClient.origin,
                ],
                body: ByteBuffer(string: #"{"email":"other@example.com"}"#))
            #expect(other.status == .accepted, "the next /64 is another client")
        }
    }

    @Test("The limiter holds a bounded number of keys, never scans, and keeps counting a key in use")
    func boundedLimiter() {
        let limiter = RateLimiter(maximumKeys: 1000)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var allowed = 0
        for index in 0..<20_000 {
            _ = limiter.allow("flood/\(index)", limit: 5, per: 60, now: now)
            if limiter.allow("steady", limit: 5, per: 60, now: now) { allowed += 1 }
            #expect(limiter.keyCount <= 1000)
        }
        #expect(allowed == 5, "a key in use survives every generation change and stays limited")
    }

    @Test("All outgoing mail shares one hourly budget, however many clients and addresses ask")
    func mailBudget() async throws {
        var fixture = Self.fixture()
        fixture.mailPerHour = 3
        try await fixture.application.test(.live) { client in
            var statuses: [Int] = []
            for index in 0..<5 {
                let response = try await client.execute(
                    uri: "/api/v1/auth/magic-link", method: .post,
                    headers: [.contentType: "application/json", HTTPField.Name("Origin")!: WebClient.origin],
                    body: ByteBuffer(string: #"{"email":"b\#(index)@example.com"}"#))
                statuses.append(response.status.code)
                if response.status == .tooManyRequests { #expect(response.headers[.retryAfter] == "60") }
            }
            #expect(statuses == [202, 202, 202, 429, 429])
        }
        #expect(fixture.mailer.sent.count == 3)
        fixture.clock.advance(3601)
        try await fixture.run { web async throws in
            #expect(
                try await web.send(.post, "/api/v1/auth/magic-link", json: #"{"email":"later@example.com"}"#).status
                    == .accepted)
        }
    }

    @Test("A workspace sends at most 20 invitations an hour, in neutral words without its name")
    func invitations() async throws {
        let fixture = Self.fixture()
        try await fixture.run { anonymous in
            let admin = try await anonymous.signedIn("owner@acme.example", mailer: fixture.mailer)
            let workspace = try #require(
                (try await admin.get("/api/v1/auth/me").object["activeWorkspace"] as? String).flatMap(TenantID.init))
            try await fixture.storage.withTenant(workspace) { scope in
                var tenant = try await scope.tenant.tenant()
                tenant.name = "Click evil.example now"
                try await scope.tenant.update(tenant)
            }
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<22 {
                statuses.append(
                    try await admin.send(
                        .post, "/api/v1/members", json: #"{"email":"i\#(index)@elsewhere.example","role":"approver"}"#
                    ).status)
            }
            #expect(statuses.prefix(20).allSatisfy { $0 == .created })
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests })
            let invitations = fixture.mailer.sent.filter { $0.to.value.hasPrefix("i") }
            #expect(invitations.count == 20)
            #expect(invitations.allSatisfy { !$0.subject.contains("evil") && !$0.body.contains("evil") })
            #expect(invitations.allSatisfy { $0.subject == "You are invited to a workspace on Kopi" })
            fixture.clock.advance(3601)
            #expect(
                try await admin.send(.post, "/api/v1/members", json: #"{"email":"next@elsewhere.example"}"#).status
                    == .created)
        }
    }
}
