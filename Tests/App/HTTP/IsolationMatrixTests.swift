import Adapters
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Authorization matrix: every API route × no session and another workspace; bad bodies")
struct IsolationMatrixTests {
    /// Routes anyone may call without a session.
    static let publicRoutes: Set<String> = [
        "POST /api/v1/auth/magic-link", "POST /api/v1/auth/magic-link/redeem", "POST /api/v1/auth/logout",
        "GET /api/v1/openapi.json", "GET /api/v1/auth/google/start", "GET /api/v1/auth/google/callback",
    ]

    static func apiRoutes() -> [(method: String, path: String)] {
        let router = KopiRouter.build(TestServices.make(storage: InMemoryStorage(sealer: TestServices.sealer)))
        return router.routes.map { (method: $0.method.rawValue, path: $0.path.description) }
            .map { (method: $0.method, path: $0.path.hasPrefix("/") ? $0.path : "/" + $0.path) }
            .filter { $0.path.hasPrefix("/api/v1/") }
            .sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    @Test("Every /api/v1 route is described in the OpenAPI document")
    func documented() throws {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let routes = Self.apiRoutes()
        #expect(routes.count >= 25)
        for route in routes {
            let path = String(route.path.dropFirst("/api/v1".count))
            #expect(
                paths[path]?[route.method.lowercased()] != nil,
                "\(route.method) \(route.path) is not in the OpenAPI document")
        }
    }

    @Test("Without a session every non-public API route answers 401 with a JSON error")
    func anonymous() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { web in
            for route in Self.apiRoutes() where !Self.publicRoutes.contains("\(route.method) \(route.path)") {
                let path = route.path.replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
                let reply = try await web.send(
                    HTTPRequest.Method(route.method)!, path,
                    json: route.method == "GET" || route.method == "DELETE" ? nil : "{}")
                #expect(
                    reply.status == .unauthorized && reply.errorCode == "unauthenticated",
                    "\(route.method) \(route.path) → \(reply.status)")
            }
        }
    }

    @Test(
        "Another workspace's ids answer 404 exactly like missing ones, and its data never shows",
        arguments: AppBackend.allCases)
    func otherWorkspace(backend: AppBackend) async throws {
        let fixture = WebFixture(storage: try await backend.makeStorage())
        try await fixture.run { anonymous in
            let (alice, seed, submissions, pattern) = try await DashboardAPITests.seeded(
                fixture, anonymous, email: "alice@a.example", vendorPrefix: "CanaryVendorA ")
            let flowID = try #require(try await alice.get("/api/v1/flows").items.first?["id"] as? String)
            let aliceID = try #require(try await alice.get("/api/v1/members").items.first?["userId"] as? String)
            _ = seed
            let bob = try await anonymous.signedIn("bob@b.example", mailer: fixture.mailer, clock: fixture.clock)

            let foreign: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/api/v1/approvals/\(submissions[0].id)", nil),
                (.get, "/api/v1/flows/\(flowID)", nil),
                (.put, "/api/v1/flows/\(flowID)/mapping", #"{"amount":"w-amount"}"#),
                (.delete, "/api/v1/flows/\(flowID)", nil),
                (.get, "/api/v1/rules/\(pattern.id)", nil),
                (.put, "/api/v1/rules/\(pattern.id)", #"{"lower":"0","upper":"1"}"#),
                (.delete, "/api/v1/rules/\(pattern.id)", nil),
                (.put, "/api/v1/members/\(aliceID)", #"{"role":"viewer"}"#),
                (.delete, "/api/v1/members/\(aliceID)", nil),
            ]
            for (method, path, body) in foreign {
                let reply = try await bob.send(method, path, json: body)
                let missingPath = path.replacingOccurrences(
                    of: #"[0-9a-f]{8}-[0-9a-f-]{27}"#, with: UUID().uuidString.lowercased(), options: .regularExpression
                )
                let missing = try await bob.send(method, missingPath, json: body)
                #expect(reply.status == .notFound, "\(method) \(path) → \(reply.status)")
                #expect(reply.body == missing.body, "a foreign id must look exactly like a missing one")
            }
            // Bob changed nothing of Alice's.
            #expect(try await alice.get("/api/v1/flows/\(flowID)").status == .ok)
            #expect(try await alice.get("/api/v1/rules/\(pattern.id)").object["lower"] as? String == "10.00")
            #expect(try await alice.get("/api/v1/members").items.first?["role"] as? String == "admin")

            // Canary crawl: nothing of Alice's in any of Bob's lists, reports or settings.
            for path in [
                "/api/v1/approvals", "/api/v1/flows", "/api/v1/rules", "/api/v1/members", "/api/v1/policy",
                "/api/v1/lark/connection",
                "/api/v1/report?from=2027-01-01&to=2027-01-15", "/api/v1/auth/me",
            ] {
                let reply = try await bob.get(path)
                #expect(reply.status == .ok, "\(path)")
                #expect(
                    !reply.body.lowercased().contains("canaryvendora") && !reply.body.contains("alice@")
                        && !reply.body.contains(submissions[0].id.description), "\(path)")
            }
            #expect(
                try await bob.get("/api/v1/report?from=2027-01-01&to=2027-01-15").object["submissions"] as? Int == 0)
            let other = try await bob.send(.post, "/api/v1/auth/workspace", json: #"{"id":"\#(seed.tenantID)"}"#)
            #expect(other.status == .notFound, "a session grants only its user's workspaces")
        }
    }

    @Test(
        "Every route that takes a JSON body refuses malformed, mistyped, oversized and non-JSON bodies with a stable code"
    )
    func badBodies() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let (web, _, submissions, pattern) = try await DashboardAPITests.seeded(
                fixture, anonymous, email: "bodies@a.example")
            let flowID = try #require(try await web.get("/api/v1/flows").items.first?["id"] as? String)
            let userID = try #require(try await web.get("/api/v1/members").items.first?["userId"] as? String)
            _ = submissions
            // Accepting or rejecting a proposal takes no body.
            let routes = Self.apiRoutes().filter {
                ["POST", "PUT"].contains($0.method) && !$0.path.contains("logout") && !$0.path.hasSuffix("/accept")
                    && !$0.path.hasSuffix("/reject")
            }
            #expect(routes.count >= 9)
            for route in routes {
                let path = route.path.replacingOccurrences(
                    of: "{id}",
                    with: route.path.contains("rules")
                        ? pattern.id.description
                        : route.path.contains("flows") ? flowID : userID)
                let method = HTTPRequest.Method(route.method)!
                let cases: [(String, HTTPFields, HTTPResponse.Status, String)] = [
                    ("{not json", [:], .badRequest, "invalid_json"),
                    ("[1, 2]", [:], .badRequest, "invalid_json"),
                    (
                        #"{"email": 1, "token": 2, "id": 3, "approvalCode": 4, "role": 5, "lower": 6, "upper": 7, "appId": 8, "amount": 9, "submissionWindowDays": "x", "text": 10}"#,
                        [:], .badRequest, "invalid_json"
                    ),
                    ("{}", [.contentType: "text/plain"], .unsupportedMediaType, "unsupported_media_type"),
                    (
                        // A policy PDF may be 10 MB, so its route takes more.
                        "{\"pad\": \""
                            + String(
                                repeating: "x",
                                count: route.path.hasSuffix("/documents") ? PolicyMirrorRoutes.bodyLimit + 1 : 70_000)
                            + "\"}", [:], .contentTooLarge, "body_too_large"
                    ),
                ]
                for (body, headers, status, code) in cases {
                    let reply = try await web.send(method, path, json: body, headers: headers)
                    #expect(
                        reply.status == status && reply.errorCode == code,
                        "\(route.method) \(route.path) with \(body.prefix(20)) → \(reply.status) \(reply.body.prefix(120))"
                    )
                }
            }
        }
    }
}
