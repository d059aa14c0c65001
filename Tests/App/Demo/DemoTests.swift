import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Demo: a fresh workspace filled through the real pipeline, and the simulated inbox", .serialized)
struct DemoTests {
    /// Runs the whole service (router, workers) on a loopback port, like `kopi serve`.
    static func live(_ backend: AppBackend, _ body: @Sendable (WebFixture, WebClient) async throws -> Void) async throws
    {
        var building = WebFixture(storage: try await backend.makeStorage())
        let demo = Demo()
        building.demo = demo
        let fixture = building
        let configuration = try AppConfiguration.load(from: ["KOPI_DATABASE_URL": "sqlite:/tmp/unused.db"])
        let application = CompositionRoot.buildApplication(fixture.services, configuration: configuration, demo: demo)
        try await application.test(.live) { client in try await body(fixture, WebClient(client: client)) }
        await demo.state.stop()
    }

    static func waitUntilReady(_ demo: DemoLark, _ tenantID: TenantID) async throws -> DemoLark.Progress {
        for _ in 0..<3600 {
            if let progress = await demo.progress(of: tenantID), progress.finished { return progress }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }

    @Test(
        "Show me a demo: flows, thirty checked claims with cards, decisions, rules and a report",
        arguments: AppBackend.allCases)
    func demo(backend: AppBackend) async throws {
        try await Self.live(backend) { fixture, anonymous in
            let web = try await anonymous.signedIn("newcomer@demo.example", mailer: fixture.mailer)
            let tenantID = try #require(
                (try await web.get("/api/v1/auth/me").object["activeWorkspace"] as? String).flatMap(TenantID.init))
            let approvals = try await web.get("/approvals")
            #expect(approvals.body.contains(#"href="/demo""#), "a fresh workspace offers the demo")
            let page = try await web.get("/demo")
            let csrf = try #require(PageTests.csrf(page.body))
            let started = try await web.send(.post, "/demo", form: PageTests.form(["_csrf": csrf]))
            #expect(started.status == .seeOther && started.headers[.location] == "/demo/inbox?done=demo")

            let demo = try #require(fixture.demo?.state)
            let progress = try await Self.waitUntilReady(demo, tenantID)
            #expect(progress.failed == nil && progress.pushed == DemoScenario.claims.count, "\(progress.failed ?? "")")

            let flows = try await web.get("/api/v1/flows")
            #expect(flows.items.count == 3 && flows.items.allSatisfy { $0["mappingUsable"] as? Bool == true })
            let list = try await web.get("/api/v1/approvals?limit=200")
            #expect(list.items.count == DemoScenario.claims.count)
            let verdicts = Set(list.items.compactMap { $0["verdict"] as? String })
            #expect(verdicts == ["green", "yellow", "red"])
            #expect(try await web.get("/api/v1/rules").items.count >= 4, "the decided claims taught memory")
            let report = try await web.get("/api/v1/report")
            #expect((report.object["decisions"] as? [String: Int])?["approve"] ?? 0 >= 15)
            #expect((report.object["memoryMatchRate"] as? Double ?? 0) > 0)
            #expect(
                (report.object["violations"] as? [[String: Any]])?.contains {
                    $0["code"] as? String == "policy.prohibited_vendor"
                        || ($0["code"] as? String ?? "").hasPrefix("policy.")
                } == true)

            let first = try #require(list.items.first?["id"] as? String)
            let detail = try await web.get("/api/v1/approvals/\(first)")
            #expect(
                (detail.object["extractions"] as? [[String: Any]])?.isEmpty == false,
                "the demo reader extracted the invoice")

            let inbox = try await web.get("/demo/inbox")
            #expect(inbox.status == .ok && inbox.body.contains("Simulated Lark inbox"))
            let message = try #require(
                inbox.body.components(separatedBy: #"name="message" value=""#).dropFirst().first?.components(
                    separatedBy: "\""
                ).first)
            let tapped = try await web.send(
                .post, "/demo/inbox", form: PageTests.form(["_csrf": csrf, "message": message, "choice": "approve"]))
            #expect(
                tapped.status == .ok && tapped.body.contains(#"class="flash""#), "the card callback's toast is shown")
            let appID = try #require(await demo.appID(for: tenantID))
            #expect(
                await demo.lark.decisions(appID: appID).contains {
                    $0.action == .approve && $0.approverOpenID == DemoScenario.approver
                })

            // Reject needs a reason: without one the card says so and nothing happens.
            let pendingMessages = inbox.body.components(separatedBy: #"name="message" value=""#).dropFirst().compactMap
            {
                $0.components(separatedBy: "\"").first
            }
            let other = try #require(pendingMessages.dropFirst().first)
            let unexplained = try await web.send(
                .post, "/demo/inbox", form: PageTests.form(["_csrf": csrf, "message": other, "choice": "reject"]))
            #expect(unexplained.body.contains("Write the reason in the box, then tap Reject."))
            #expect(await demo.lark.decisions(appID: appID).filter { $0.action == .reject }.count == 1)
            #expect(inbox.body.contains(#"<textarea name="reason""#))

            // The casino claim was rejected with a reason: on the API, the audit page and the CSV.
            let casino = try #require(
                list.items.first { $0["vendor"] as? String == "Marina Bay Casino" }?["id"] as? String)
            let casinoDetail = try await web.get("/api/v1/approvals/\(casino)")
            #expect(
                (casinoDetail.object["decisions"] as? [[String: Any]])?.last?["reason"] as? String
                    == DemoSeeder.casinoReason)
            #expect(try await web.get("/approvals/\(casino)").body.contains(DemoSeeder.casinoReason))
            #expect(try await web.get("/api/v1/approvals.csv").body.contains(",\(DemoSeeder.casinoReason),"))
            #expect(
                await demo.lark.decisions(appID: appID).contains {
                    $0.action == .reject && $0.comment == DemoSeeder.casinoReason
                })

            // The dinner in US dollars is converted at the admin's manual rate and is over the SGD cap.
            let dinner = try #require(
                list.items.first { $0["vendor"] as? String == "House of Prime Rib" }?["id"] as? String)
            let dinnerDetail = try await web.get("/api/v1/approvals/\(dinner)")
            let findings = (dinnerDetail.object["check"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []
            #expect(
                findings.contains {
                    $0["code"] as? String == "policy.cap_exceeded"
                        && ($0["message"] as? String ?? "").contains("95.00 USD (127.78 SGD at the")
                })
            #expect(try await web.get("/approvals/\(dinner)").body.contains("95.00 USD ≈ 127.78 SGD"))
            #expect(inbox.body.contains("95.00 USD ≈ 127.78 SGD"), "the card shows both amounts")
            #expect(try await web.get("/api/v1/exchange-rates").items.first?["rate"] as? String == "1.345")

            let again = try await web.send(.post, "/demo", form: PageTests.form(["_csrf": csrf]))
            #expect(again.status == .conflict && again.body.contains("already holds the demo"))

            // Disconnected and emptied, the workspace still had its demo: no second one.
            #expect(try await web.send(.delete, "/api/v1/lark/connection").status == .noContent)
            for flow in try await web.get("/api/v1/flows").items {
                let id = try #require(flow["id"] as? String)
                #expect(try await web.send(.delete, "/api/v1/flows/\(id)").status == .noContent)
            }
            #expect(try await web.get("/api/v1/flows").items.isEmpty)
            let afterDisconnect = try await web.send(.post, "/demo", form: PageTests.form(["_csrf": csrf]))
            #expect(afterDisconnect.status == .conflict && afterDisconnect.body.contains("already holds the demo"))
        }
    }

    @Test(
        "The demo is refused for a workspace already connected to Lark, and real connections cannot pick the demo domain"
    )
    func refusedWhenNotFresh() async throws {
        try await OnboardingAPITests.withLark { fixture, _ in
            var building = fixture
            building.demo = Demo()
            let withDemo = building
            try await withDemo.run { anonymous in
                let web = try await anonymous.signedIn("real@acme.example", mailer: withDemo.mailer)
                let demoDomain = try await web.send(
                    .put, "/api/v1/lark/connection",
                    json: OnboardingAPITests.connectBody.replacingOccurrences(
                        of: #""domain":"lark""#, with: #""domain":"demo""#))
                #expect(demoDomain.status == .unprocessableContent && demoDomain.body.contains("domain"))
                #expect(
                    try await web.send(.put, "/api/v1/lark/connection", json: OnboardingAPITests.connectBody).status
                        == .ok)
                let page = try await web.get("/demo")
                #expect(page.body.contains("fresh workspace") && !page.body.contains(#"action="/demo""#))
                let csrf = try #require(PageTests.csrf(try await web.get("/settings").body))
                let refused = try await web.send(.post, "/demo", form: PageTests.form(["_csrf": csrf]))
                #expect(refused.status == .conflict)
            }
            await withDemo.demo?.state.stop()
        }
    }
}
