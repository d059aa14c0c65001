import Adapters
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ports
import Synchronization
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Sign-in API and HTTP hardening")
struct AuthRoutesTests {
    static func fixture() -> WebFixture { WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer)) }

    @Test("Asking for a link answers 202 with the same body for any address, and mails only a real request")
    func requestLink() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            var bodies: Set<String> = []
            for email in ["new@example.com", "NEW@example.com", "other@example.com"] {
                let reply = try await web.send(.post, "/api/v1/auth/magic-link", json: #"{"email":"\#(email)"}"#)
                #expect(reply.status == .accepted)
                bodies.insert(reply.body)
            }
            #expect(bodies.count == 1)
            #expect(
                fixture.mailer.sent.map(\.to.value) == ["new@example.com", "other@example.com"],
                "the repeat within a minute sends nothing")
            let link = try #require(fixture.mailer.sent.first?.body)
            #expect(
                link.contains("http://localhost:8080/sign-in/confirm#token="),
                "the link opens the confirm page; the token stays in the fragment")
        }
    }

    @Test("Bad input answers with a stable code and says what is wrong")
    func badInput() async throws {
        try await Self.fixture().run { web in
            let cases: [(String?, HTTPFields, HTTPResponse.Status, String, String?)] = [
                (#"{"email":"not an address"}"#, [:], .unprocessableContent, "invalid_input", "email"),
                (#"{"email":42}"#, [:], .badRequest, "invalid_json", "`email` must be a string"),
                (#"{"mail":"a@example.com"}"#, [:], .badRequest, "invalid_json", "`email` is required"),
                (#"{"email":"#, [:], .badRequest, "invalid_json", "not valid JSON"),
                (
                    #"{"email":"a@example.com"}"#, [.contentType: "text/plain"], .unsupportedMediaType,
                    "unsupported_media_type", nil
                ),
                (
                    #"{"email":"\#(String(repeating: "a", count: 10_000))@example.com"}"#, [:], .contentTooLarge,
                    "body_too_large", nil
                ),
            ]
            for (body, headers, status, code, detail) in cases {
                let reply = try await web.send(.post, "/api/v1/auth/magic-link", json: body, headers: headers)
                #expect(reply.status == status, "\(code)")
                #expect(reply.errorCode == code)
                if let detail { #expect(reply.body.contains(detail), "\(reply.body)") }
            }
        }
    }

    @Test("One client address gets at most 10 link requests a minute, whatever the e-mails")
    func perAddressLimit() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<12 {
                statuses.append(
                    try await web.send(.post, "/api/v1/auth/magic-link", json: #"{"email":"p\#(index)@example.com"}"#)
                        .status)
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == .accepted })
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests })
            #expect(fixture.mailer.sent.count == 10)
            fixture.clock.advance(61)
            #expect(
                try await web.send(.post, "/api/v1/auth/magic-link", json: #"{"email":"later@example.com"}"#).status
                    == .accepted)
        }
    }

    @Test(
        "Redeeming signs in once with a __Host- cookie; the first sign-in creates a workspace; logout ends the session")
    func redeem() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            _ = try await web.send(.post, "/api/v1/auth/magic-link", json: #"{"email":"ana@example.com"}"#)
            let token = try #require(fixture.mailer.token(for: "ana@example.com"))
            #expect(token.count >= 43)
            let first = try await web.send(.post, "/api/v1/auth/magic-link/redeem", json: #"{"token":"\#(token)"}"#)
            #expect(first.status == .ok)
            let setCookie = first.headers[.setCookie] ?? ""
            for attribute in ["__Host-kopi_session=", "Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
                #expect(setCookie.contains(attribute))
            }
            #expect(!setCookie.contains("Domain="))
            #expect(first.body.contains(#""role":"admin""#))
            let again = try await web.send(.post, "/api/v1/auth/magic-link/redeem", json: #"{"token":"\#(token)"}"#)
            #expect(again.status == .unauthorized && again.errorCode == "invalid_or_expired_link")

            var signed = web
            signed.cookie = String(setCookie.split(separator: ";")[0])
            #expect(try await signed.get("/api/v1/auth/me").body.contains("ana@example.com"))
            let logout = try await signed.send(.post, "/api/v1/auth/logout")
            #expect(logout.status == .noContent && logout.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await signed.get("/api/v1/auth/me").status == .unauthorized)
        }
        #expect(try await fixture.storage.directory.user(email: EmailAddress("ana@example.com")!) != nil)
    }

    @Test("Of concurrent redeems of one link, exactly one signs in")
    func concurrentRedeem() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            _ = try await web.send(.post, "/api/v1/auth/magic-link", json: #"{"email":"race@example.com"}"#)
            let token = try #require(fixture.mailer.token(for: "race@example.com"))
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await web.send(.post, "/api/v1/auth/magic-link/redeem", json: #"{"token":"\#(token)"}"#)
                            .status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .unauthorized }.count == 7)
        }
    }

    @Test("Links expire after 15 minutes and are superseded by newer ones")
    func expiryAndSupersede() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            func request() async throws {
                _ = try await web.send(.post, "/api/v1/auth/magic-link", json: #"{"email":"ben@example.com"}"#)
            }
            func redeem(_ token: String) async throws -> HTTPResponse.Status {
                try await web.send(.post, "/api/v1/auth/magic-link/redeem", json: #"{"token":"\#(token)"}"#).status
            }
            try await request()
            let old = try #require(fixture.mailer.token(for: "ben@example.com"))
            fixture.clock.advance(61)
            try await request()
            let new = try #require(fixture.mailer.token(for: "ben@example.com"))
            #expect(old != new)
            #expect(try await redeem(old) == .unauthorized, "superseded")
            fixture.clock.advance(14 * 60 + 58)
            try await request()
            let last = try #require(fixture.mailer.token(for: "ben@example.com"))
            fixture.clock.advance(15 * 60 + 1)
            #expect(try await redeem(last) == .unauthorized, "expired after 15 minutes")
        }
    }

    @Test("Every sign-in opens a new session; sessions end after 12 h idle and 7 days in all")
    func sessionLifetimes() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            let first = try await web.signedIn("s@example.com", mailer: fixture.mailer, clock: fixture.clock)
            let second = try await web.signedIn("s@example.com", mailer: fixture.mailer, clock: fixture.clock)
            #expect(first.cookie != second.cookie)
            #expect(try await first.get("/api/v1/auth/me").status == .ok)
            #expect(try await second.get("/api/v1/auth/me").status == .ok)

            fixture.clock.advance(12 * 3600 + 1)
            #expect(try await first.get("/api/v1/auth/me").status == .unauthorized, "idle for more than 12 hours")

            let active = try await web.signedIn("s@example.com", mailer: fixture.mailer, clock: fixture.clock)
            for _ in 0..<16 {
                fixture.clock.advance(11 * 3600)
                if try await active.get("/api/v1/auth/me").status != .ok { break }
            }
            #expect(
                try await active.get("/api/v1/auth/me").status == .unauthorized, "never beyond 7 days, however active")
        }
    }

    @Test("Signing in while holding a session ends that session (no fixation)")
    func sessionFixation() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            let first = try await web.signedIn("fix@example.com", mailer: fixture.mailer, clock: fixture.clock)
            let second = try await first.signedIn("fix@example.com", mailer: fixture.mailer, clock: fixture.clock)
            #expect(first.cookie != second.cookie)
            #expect(
                try await first.get("/api/v1/auth/me").status == .unauthorized,
                "the session the browser held before is gone")
            #expect(try await second.get("/api/v1/auth/me").status == .ok)
        }
    }

    @Test("Links always use KOPI_PUBLIC_URL, whatever Host or X-Forwarded-Host says")
    func hostHeaderInjection() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            let headers: HTTPFields = [
                HTTPField.Name("Host")!: "evil.example", HTTPField.Name("X-Forwarded-Host")!: "evil.example",
            ]
            #expect(
                try await web.send(
                    .post, "/api/v1/auth/magic-link", json: #"{"email":"host@example.com"}"#, headers: headers
                ).status == .accepted)
            let body = try #require(fixture.mailer.sent.last?.body)
            #expect(body.contains("http://localhost:8080/sign-in/confirm#token=") && !body.contains("evil.example"))
        }
    }

    @Test("A session cookie is read only from the Cookie header, and a forged one is refused")
    func sessionSources() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            let signed = try await web.signedIn("q@example.com", mailer: fixture.mailer)
            let token = try #require(signed.cookie?.split(separator: "=", maxSplits: 1).last.map(String.init))
            #expect(try await web.get("/api/v1/auth/me?session=\(token)").status == .unauthorized)
            #expect(
                try await web.send(.get, "/api/v1/auth/me", headers: [.authorization: "Bearer \(token)"]).status
                    == .unauthorized)
            var forged = web
            forged.cookie = "__Host-kopi_session=" + String(repeating: "A", count: 43)
            #expect(try await forged.get("/api/v1/auth/me").status == .unauthorized)
        }
    }

    @Test("Cross-site and origin-less requests to unsafe methods are refused; webhooks are exempt")
    func crossSite() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            let refused: [HTTPFields] = [
                [HTTPField.Name("Origin")!: "https://evil.example"],
                [HTTPField.Name("Origin")!: "http://localhost:8080", HTTPField.Name("Sec-Fetch-Site")!: "cross-site"],
                [HTTPField.Name("Origin")!: "http://localhost:8080", HTTPField.Name("Sec-Fetch-Site")!: "same-site"],
                [:],
            ]
            for headers in refused {
                let reply = try await web.send(
                    .post, "/api/v1/auth/magic-link", json: #"{"email":"c@example.com"}"#, headers: headers,
                    origin: false)
                #expect(reply.status == .forbidden && reply.errorCode == "cross_origin_request", "\(headers)")
            }
            let sameOrigin: HTTPFields = [HTTPField.Name("Sec-Fetch-Site")!: "same-origin"]
            #expect(
                try await web.send(
                    .post, "/api/v1/auth/magic-link", json: #"{"email":"c@example.com"}"#, headers: sameOrigin,
                    origin: false
                ).status == .accepted)
            let webhook = try await web.send(
                .post, "/lark/\(UUID().uuidString.lowercased())/events", json: "{}", origin: false)
            #expect(webhook.status == .unauthorized, "webhooks skip the origin rule and fail on authentication instead")
        }
        #expect(fixture.mailer.sent.count == 1)
    }

    @Test(
        "Every response carries the security headers, errors and unknown routes included",
        arguments: ["/healthz", "/api/v1/auth/me", "/no/such/route", "/.well-known/security.txt"])
    func headers(path: String) async throws {
        try await Self.fixture().run { web in
            let reply = try await web.get(path)
            #expect(reply.headers[HTTPField.Name("Strict-Transport-Security")!]?.hasPrefix("max-age=") == true)
            #expect(reply.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(
                reply.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
            #expect(reply.headers[HTTPField.Name("Referrer-Policy")!] == "strict-origin-when-cross-origin")
            #expect(reply.headers[.cacheControl] != nil)
        }
    }

    @Test("With an https public URL, plain-http pages redirect to it and API calls fail")
    func httpsPolicy() async throws {
        var fixture = Self.fixture()
        fixture.publicURL = URL(string: "https://kopi.example.com")!
        try await fixture.run { web in
            let page = try await web.get("/approvals?verdict=red")
            #expect(page.status == .permanentRedirect)
            #expect(page.headers[.location] == "https://kopi.example.com/approvals?verdict=red")
            #expect(page.headers[HTTPField.Name("Strict-Transport-Security")!] != nil)
            let api = try await web.get("/api/v1/auth/me")
            #expect(api.status == .forbidden && api.errorCode == "https_required")
            let post = try await web.send(
                .post, "/api/v1/auth/magic-link", json: #"{"email":"h@example.com"}"#,
                headers: [HTTPField.Name("Origin")!: "https://kopi.example.com"])
            #expect(post.status == .forbidden && post.errorCode == "https_required")
            #expect(try await web.get("/healthz").status == .ok, "load balancers probe over http")
        }
    }

    @Test("Behind a trusted proxy, X-Forwarded-Proto https is honoured; from anyone else it is ignored")
    func trustedProxy() async throws {
        for (trusted, expected) in [("127.0.0.1", HTTPResponse.Status.unauthorized), ("10.0.0.0/8", .forbidden)] {
            var fixture = Self.fixture()
            fixture.publicURL = URL(string: "https://kopi.example.com")!
            fixture.trustedProxies = try #require(TrustedProxies(parsing: trusted))
            try await fixture.application.test(.live) { client in
                let response = try await client.execute(
                    uri: "/api/v1/auth/me", method: .get, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
                #expect(response.status == expected, "trusted: \(trusted)")
            }
        }
    }

    @Test("security.txt follows RFC 9116 with an Expires well ahead")
    func securityTxt() async throws {
        let fixture = Self.fixture()
        try await fixture.run { web in
            let reply = try await web.get("/.well-known/security.txt")
            #expect(reply.status == .ok && reply.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(
                reply.body.contains("Contact: mailto:security@localhost")
                    && reply.body.contains("Canonical: http://localhost:8080/.well-known/security.txt"))
            let expires = try #require(
                reply.body.split(separator: "\n").first { $0.hasPrefix("Expires: ") }.map { String($0.dropFirst(9)) })
            #expect(try Date(expires, strategy: .iso8601) > fixture.clock.now().addingTimeInterval(30 * 86400))
        }
    }
}
