import Adapters
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Ports
import Synchronization
import Testing

@testable import HTTP

@Suite("The HTTP edge: HEAD, 405 with Allow, errors mapped with the security headers")
struct EdgeProtocolTests {
    static func fixture() -> WebFixture { WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer)) }

    @Test(
        "HEAD answers like GET without a body on pages and API routes",
        arguments: ["/", "/sign-in", "/healthz", "/api/v1/openapi.json", "/api/v1/auth/me", "/assets/kopi.css"])
    func head(path: String) async throws {
        try await Self.fixture().run { web in
            let get = try await web.get(path)
            let head = try await web.send(.head, path)
            #expect(head.status == get.status && get.status != .notFound)
            #expect(head.body.isEmpty)
            #expect(head.headers[.contentType] == get.headers[.contentType])
            #expect(head.headers[HTTPField.Name("Strict-Transport-Security")!] != nil)
        }
    }

    @Test("A known path asked with another method answers 405 with Allow; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await Self.fixture().run { web in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.delete, "/api/v1/openapi.json", "GET, HEAD"),
                (.post, "/healthz", "GET, HEAD"),
                (.put, "/sign-in", "GET, HEAD, POST"),
                (.patch, "/api/v1/rules/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "DELETE, GET, HEAD, PUT"),
                (.get, "/api/v1/auth/logout", "POST"),
                (.options, "/approvals", "GET, HEAD"),
            ]
            for (method, path, allow) in cases {
                let reply = try await web.send(method, path)
                #expect(reply.status == .methodNotAllowed, "\(method) \(path)")
                #expect(reply.headers[.allow] == allow, "\(method) \(path)")
                #expect(reply.errorCode == "method_not_allowed")
                #expect(reply.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
            #expect(try await web.send(.delete, "/no/such/route").status == .notFound)
            #expect(try await web.get("/api/v1/rules/a/b").status == .notFound)
        }
    }

    @Test("Errors no route mapped: conflict 409, storage out of reach 503 with Retry-After, else 500; headers on all")
    func errorMapping() async throws {
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware(logger: Logger(label: "test")))
        router.get("conflict") { _, _ -> String in throw StoreError.conflict }
        router.get("unavailable") { _, _ -> String in throw StoreError.unavailable(reason: "db.connect") }
        router.get("mail") { _, _ -> String in throw MailError(curlCode: 7) }
        router.get("other") { _, _ -> String in throw CocoaError(.fileNoSuchFile) }
        let expected: [(String, HTTPResponse.Status, String, String?)] = [
            ("/conflict", .conflict, "conflict", nil), ("/unavailable", .serviceUnavailable, "unavailable", "5"),
            ("/mail", .serviceUnavailable, "mail_unavailable", "60"),
            ("/other", .internalServerError, "internal_error", nil),
        ]
        try await Application(router: router).test(.router) { client in
            for (path, status, code, retryAfter) in expected {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == status, "\(path)")
                    #expect(String(buffer: response.body) == #"{"error":"\#(code)"}"#)
                    #expect(response.headers[.retryAfter] == retryAfter)
                    #expect(response.headers[HTTPField.Name("Strict-Transport-Security")!] == "max-age=63072000")
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                    #expect(response.headers[.cacheControl] == "no-store")
                }
            }
        }
    }

    @Test("A mail server that refuses the sign-in link: the client is told 503 mail_unavailable with Retry-After")
    func mailOutage() async throws {
        let fixture = Self.fixture()
        fixture.mailer.failure.withLock { $0 = MailError(curlCode: 7) }
        try await fixture.run { web in
            let reply = try await web.send(.post, "/api/v1/auth/magic-link", json: #"{"email":"ana@example.com"}"#)
            #expect(reply.status == .serviceUnavailable && reply.errorCode == "mail_unavailable")
            #expect(reply.headers[.retryAfter] == "60")
        }
    }

    @Test("HSTS names includeSubDomains only when configured")
    func hstsSubdomains() async throws {
        var fixture = Self.fixture()
        #expect(
            try await fixture.run { try await $0.get("/healthz") }.headers[HTTPField.Name("Strict-Transport-Security")!]
                == "max-age=63072000")
        fixture.hstsIncludesSubdomains = true
        #expect(
            try await fixture.run { try await $0.get("/healthz") }.headers[HTTPField.Name("Strict-Transport-Security")!]
                == "max-age=63072000; includeSubDomains")
    }
}
