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

@Suite("Page matrix: every page route without a session, with a foreign id, and the settings forms")
struct PageMatrixTests {
    static let open: Set<String> = [
        "/", "/sign-in", "/sign-in/confirm", "/sign-out", "/healthz", "/.well-known/security.txt", "/assets/kopi.css",
        "/assets/confirm.js", "/language",
    ]

    static func pageRoutes() -> [(method: String, path: String)] {
        var fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        fixture.demo = Demo()
        return KopiRouter.build(fixture.services, options: fixture.routerOptions).routes
            .map {
                (
                    method: $0.method.rawValue,
                    path: "/" + $0.path.description.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                )
            }
            .filter { !$0.path.hasPrefix("/api/") && !$0.path.hasPrefix("/lark/") && !open.contains($0.path) }
    }

    @Test("Without a session every page, GET or form post, sends the visitor to sign in and changes nothing")
    func anonymous() async throws {
        var fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        fixture.demo = Demo()
        let routes = Self.pageRoutes()
        #expect(routes.count >= 18)
        try await fixture.run { web in
            for route in routes {
                let path = route.path.replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
                let reply = try await web.send(
                    HTTPRequest.Method(route.method)!, path, form: route.method == "POST" ? "_csrf=x" : nil)
                #expect(
                    reply.status == .seeOther && reply.headers[.location] == "/sign-in",
                    "\(route.method) \(route.path) → \(reply.status)")
            }
        }
    }

    @Test("Another workspace's ids on pages answer like missing ones and change nothing")
    func foreignIDs() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let (alice, _, submissions, pattern) = try await DashboardAPITests.seeded(
                fixture, anonymous, email: "alice@pages.example")
            let flowID = try #require(try await alice.get("/api/v1/flows").items.first?["id"] as? String)
            let aliceID = try #require(try await alice.get("/api/v1/members").items.first?["userId"] as? String)
            let bob = try await anonymous.signedIn("bob@pages.example", mailer: fixture.mailer)
            let csrf = try #require(PageTests.csrf(try await bob.get("/settings").body))
            for path in ["/approvals/\(submissions[0].id)", "/settings/flows/\(flowID)"] {
                let reply = try await bob.get(path)
                #expect(reply.status == .notFound && !reply.body.contains("Seeded flow"), "\(path)")
            }
            for path in [
                "/rules/\(pattern.id)/delete", "/settings/flows/\(flowID)/delete",
                "/settings/members/\(aliceID)/delete",
            ] {
                #expect(
                    try await bob.send(.post, path, form: PageTests.form(["_csrf": csrf])).status == .notFound,
                    "\(path)")
            }
            #expect(try await alice.get("/api/v1/rules").items.count == 1)
            #expect(try await alice.get("/api/v1/flows").items.count == 1)
            #expect(try await alice.get("/api/v1/members").items.count == 1)
        }
    }

    @Test("Settings forms change roles, remove members, stop watching flows and disconnect Lark")
    func settingsForms() async throws {
        try await OnboardingAPITests.withLark { fixture, _ in
            try await fixture.run { anonymous in
                let admin = try await anonymous.signedIn("lead@acme.example", mailer: fixture.mailer)
                #expect(
                    try await admin.send(.put, "/api/v1/lark/connection", json: OnboardingAPITests.connectBody).status
                        == .ok)
                let flowID = try #require(
                    try await admin.send(
                        .post, "/api/v1/flows", json: #"{"approvalCode":"7C468A54-8745-2245-9675-08B7C63E7A85"}"#
                    ).object["id"] as? String)
                let memberID = try #require(
                    try await admin.send(.post, "/api/v1/members", json: #"{"email":"m@acme.example"}"#).object[
                        "userId"] as? String)
                let member = try await anonymous.signedIn("m@acme.example", mailer: fixture.mailer)
                let csrf = try #require(PageTests.csrf(try await admin.get("/settings").body))

                let promoted = try await admin.send(
                    .post, "/settings/members/\(memberID)", form: PageTests.form(["_csrf": csrf, "role": "approver"]))
                #expect(promoted.status == .seeOther)
                #expect(try await member.get("/api/v1/auth/me").body.contains(#""role":"approver""#))
                let memberCSRF = try #require(PageTests.csrf(try await member.get("/settings").body))
                #expect(
                    try await member.send(.post, "/settings/lark/delete", form: PageTests.form(["_csrf": memberCSRF]))
                        .status == .forbidden)
                #expect(
                    try await member.send(.post, "/settings/lark/delete", form: PageTests.form(["_csrf": csrf])).status
                        == .forbidden, "another session's token is refused")

                #expect(
                    try await admin.send(
                        .post, "/settings/members/\(memberID)/delete", form: PageTests.form(["_csrf": csrf])
                    ).status == .seeOther)
                #expect(try await member.get("/approvals").headers[.location] == "/sign-in")
                #expect(
                    try await admin.send(
                        .post, "/settings/flows/\(flowID)/delete", form: PageTests.form(["_csrf": csrf])
                    ).status == .seeOther)
                #expect(try await admin.get("/api/v1/flows").items.isEmpty)
                #expect(
                    try await admin.send(.post, "/settings/lark/delete", form: PageTests.form(["_csrf": csrf])).status
                        == .seeOther)
                #expect(try await admin.get("/settings?done=lark-removed").body.contains("Lark is disconnected."))
                #expect(try await admin.get("/api/v1/lark/connection").object["connected"] as? Bool == false)
            }
        }
    }
}
