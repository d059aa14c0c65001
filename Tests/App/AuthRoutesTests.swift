@testable import App
import Adapters
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ports
import Testing

@Suite("Sign-in API and HTTP hardening")
struct AuthRoutesTests {
    struct Fixture {
        let storage = InMemoryStorage(sealer: TestServices.sealer)
        let mailer = CapturingMailer()
        let clock = ManualClock()
        var services: AppServices { TestServices.make(storage: storage, clock: clock, mailer: mailer) }
        var application: some ApplicationProtocol { Application(router: CompositionRoot.buildRouter(services)) }
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    static func cookie(_ response: TestResponse) -> String? {
        response.headers[.setCookie]?.split(separator: ";").first.map(String.init)
    }

    @Test("Asking for a link answers 202 with the same body for any address, and mails only a real request")
    func requestLink() async throws {
        let fixture = Fixture()
        try await fixture.application.test(.router) { client async throws in
            var bodies: Set<String> = []
            for email in ["new@example.com", "NEW@example.com", "other@example.com"] {
                try await client.execute(uri: "/api/v1/auth/magic-link", method: .post, headers: Self.json, body: Self.body(#"{"email":"\#(email)"}"#)) { response in
                    #expect(response.status == .accepted)
                    bodies.insert(String(buffer: response.body))
                }
            }
            #expect(bodies.count == 1)
            #expect(fixture.mailer.sent.map(\.to.value) == ["new@example.com", "other@example.com"], "the repeat within a minute sends nothing")
            try await client.execute(uri: "/api/v1/auth/magic-link", method: .post, headers: Self.json, body: Self.body(#"{"email":"not an address"}"#)) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("invalid_email"))
            }
        }
    }

    @Test("Redeeming signs in once with a __Host- cookie; the first sign-in creates a workspace; logout ends the session")
    func redeem() async throws {
        let fixture = Fixture()
        try await fixture.application.test(.router) { client async throws in
            try await client.execute(uri: "/api/v1/auth/magic-link", method: .post, headers: Self.json, body: Self.body(#"{"email":"ana@example.com"}"#)) { _ in }
            let token = try #require(fixture.mailer.token(for: "ana@example.com"))
            #expect(token.count >= 43)
            var cookie = ""
            try await client.execute(uri: "/api/v1/auth/magic-link/redeem", method: .post, headers: Self.json, body: Self.body(#"{"token":"\#(token)"}"#)) { response in
                #expect(response.status == .ok)
                let setCookie = response.headers[.setCookie] ?? ""
                for attribute in ["__Host-kopi_session=", "Path=/", "Secure", "HttpOnly", "SameSite=Lax"] { #expect(setCookie.contains(attribute)) }
                #expect(String(buffer: response.body).contains(#""role":"admin""#))
                cookie = Self.cookie(response) ?? ""
            }
            try await client.execute(uri: "/api/v1/auth/magic-link/redeem", method: .post, headers: Self.json, body: Self.body(#"{"token":"\#(token)"}"#)) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("invalid_or_expired_link"))
            }
            try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("ana@example.com"))
            }
            try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: [.cookie: cookie]) { response in
                #expect(response.status == .noContent && response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .unauthorized)
            }
        }
        #expect(try await fixture.storage.directory.user(email: EmailAddress("ana@example.com")!) != nil)
    }

    @Test("Links expire after 15 minutes and are superseded by newer ones")
    func expiryAndSupersede() async throws {
        let fixture = Fixture()
        try await fixture.application.test(.router) { client async throws in
            func request() async throws {
                try await client.execute(uri: "/api/v1/auth/magic-link", method: .post, headers: Self.json, body: Self.body(#"{"email":"ben@example.com"}"#)) { _ in }
            }
            func redeem(_ token: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/api/v1/auth/magic-link/redeem", method: .post, headers: Self.json, body: Self.body(#"{"token":"\#(token)"}"#)) { $0.status }
            }
            try await request()
            let old = try #require(fixture.mailer.token(for: "ben@example.com"))
            fixture.clock.advance(61)
            try await request()
            let new = try #require(fixture.mailer.token(for: "ben@example.com"))
            #expect(old != new)
            #expect(try await redeem(old) == .badRequest, "superseded")
            fixture.clock.advance(15 * 60)
            #expect(try await redeem(new) == .badRequest, "expired")
        }
    }

    @Test("Cross-site requests to unsafe methods are refused")
    func crossSite() async throws {
        let fixture = Fixture()
        try await fixture.application.test(.router) { client async throws in
            let headers: [HTTPFields] = [
                [.contentType: "application/json", HTTPField.Name("Origin")!: "https://evil.example"],
                [.contentType: "application/json", HTTPField.Name("Sec-Fetch-Site")!: "cross-site"],
            ]
            for header in headers {
                try await client.execute(uri: "/api/v1/auth/magic-link", method: .post, headers: header, body: Self.body(#"{"email":"c@example.com"}"#)) { response in
                    #expect(response.status == .forbidden && String(buffer: response.body).contains("cross_origin_request"))
                }
            }
            let sameOrigin: HTTPFields = [.contentType: "application/json", HTTPField.Name("Origin")!: "http://localhost:8080", HTTPField.Name("Sec-Fetch-Site")!: "same-origin"]
            try await client.execute(uri: "/api/v1/auth/magic-link", method: .post, headers: sameOrigin, body: Self.body(#"{"email":"c@example.com"}"#)) { response in
                #expect(response.status == .accepted)
            }
        }
        #expect(fixture.mailer.sent.count == 1)
    }

    @Test("Every response carries the security headers, errors and unknown routes included", arguments: ["/healthz", "/api/v1/auth/me", "/no/such/route", "/.well-known/security.txt"])
    func headers(path: String) async throws {
        try await Fixture().application.test(.router) { client async throws in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.headers[HTTPField.Name("Strict-Transport-Security")!]?.hasPrefix("max-age=") == true)
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "strict-origin-when-cross-origin")
                #expect(response.headers[.cacheControl] != nil)
            }
        }
    }

    @Test("security.txt follows RFC 9116 with an Expires well ahead")
    func securityTxt() async throws {
        let fixture = Fixture()
        try await fixture.application.test(.router) { client async throws in
            try await client.execute(uri: "/.well-known/security.txt", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "text/plain; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text.contains("Contact: mailto:security@localhost") && text.contains("Canonical: http://localhost:8080/.well-known/security.txt"))
                let expires = try #require(text.split(separator: "\n").first { $0.hasPrefix("Expires: ") }.map { String($0.dropFirst(9)) })
                #expect(try Date(expires, strategy: .iso8601) > fixture.clock.now().addingTimeInterval(30 * 86400))
            }
        }
    }
}
