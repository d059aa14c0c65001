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

@Suite("Dashboard API: approvals, rules, report, members")
struct DashboardAPITests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Signs in an admin and seeds their workspace with three approvals and a rule.
    static func seeded(
        _ fixture: WebFixture, _ anonymous: WebClient, email: String = "admin@acme.example", vendorPrefix: String = ""
    )
        async throws -> (WebClient, Seed, [Submission], LearnedPattern)
    {
        let web = try await anonymous.signedIn(email, mailer: fixture.mailer)
        let tenantID = try #require(
            (try await web.get("/api/v1/auth/me").object["activeWorkspace"] as? String).flatMap(TenantID.init))
        let seed = Seed(storage: fixture.storage, tenantID: tenantID)
        let flow = try await seed.flow()
        let day: TimeInterval = 86400
        let submissions = [
            try await seed.approval(
                flow: flow, instance: Seed.instances[1], vendor: vendorPrefix + "Grab", amount: 2500,
                submittedAt: now - 5 * day, findings: Seed.green, cardAfter: 20, decision: .approve),
            try await seed.approval(
                flow: flow, instance: Seed.instances[2], vendor: vendorPrefix + "Din Tai Fung", amount: 9000,
                submittedAt: now - 3 * day, findings: Seed.red, cardAfter: 40, decision: .reject),
            try await seed.approval(
                flow: flow, instance: Seed.instances[3], vendor: vendorPrefix + "Grab", amount: 2600,
                submittedAt: now - 1 * day, findings: Seed.yellow, cardAfter: 60),
        ]
        return (web, seed, submissions, try await seed.pattern(vendor: vendorPrefix + "Grab"))
    }

    @Test("Approvals: newest first, filters, paging and bad filters")
    func approvals() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let (web, _, submissions, _) = try await Self.seeded(fixture, anonymous)
            let all = try await web.get("/api/v1/approvals")
            #expect(
                all.items.map { $0["instanceCode"] as? String } == [
                    Seed.instances[3], Seed.instances[2], Seed.instances[1],
                ])
            #expect(all.items.map { $0["verdict"] as? String } == ["yellow", "red", "green"])
            #expect(all.items.first?["total"] as? String == "26.00" && all.items.first?["currency"] as? String == "SGD")
            #expect(all.object["nextOffset"] == nil)

            #expect(
                try await web.get("/api/v1/approvals?verdict=red").items.map { $0["id"] as? String } == [
                    submissions[1].id.description
                ])
            #expect(try await web.get("/api/v1/approvals?vendor=GRAB").items.count == 2)
            #expect(try await web.get("/api/v1/approvals?status=approved").items.count == 1)
            #expect(
                try await web.get("/api/v1/approvals?from=2027-01-12&to=2027-01-14").items.map {
                    $0["instanceCode"] as? String
                } == [Seed.instances[2]])

            let first = try await web.get("/api/v1/approvals?limit=2")
            #expect(first.items.count == 2 && first.object["nextOffset"] as? Int == 2)
            let second = try await web.get("/api/v1/approvals?limit=2&offset=2")
            #expect(
                second.items.map { $0["instanceCode"] as? String } == [Seed.instances[1]]
                    && second.object["nextOffset"] == nil)

            for bad in ["verdict=purple", "limit=0", "limit=abc", "limit=", "offset=", "from=yesterday", "flow=123"] {
                let reply = try await web.get("/api/v1/approvals?\(bad)")
                #expect(reply.status == .unprocessableContent && reply.errorCode == "invalid_input", "\(bad)")
            }
        }
    }

    @Test("The audit view of one approval: findings with evidence and rule, timeline, decisions")
    func approvalDetail() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let (web, _, submissions, _) = try await Self.seeded(fixture, anonymous)
            let detail = try await web.get("/api/v1/approvals/\(submissions[1].id)")
            #expect(detail.status == .ok)
            let check = try #require(detail.object["check"] as? [String: Any])
            #expect(check["verdict"] as? String == "red")
            let findings = check["findings"] as? [[String: Any]] ?? []
            #expect(
                findings.first?["code"] as? String == "policy.cap_exceeded"
                    && findings.first?["rule"] as? String == "meals cap")
            #expect((findings.first?["evidence"] as? [String: String])?["cap"] == "50.00 SGD")
            let timeline = detail.object["timeline"] as? [[String: Any]] ?? []
            #expect(timeline.map { $0["what"] as? String } == ["Received from Lark", "Checked: red"])
            #expect((detail.object["decisions"] as? [[String: Any]])?.first?["outcome"] as? String == "reject")
            #expect((detail.object["cards"] as? [[String: Any]])?.count == 1)

            #expect(try await web.get("/api/v1/approvals/\(UUID().uuidString)").status == .notFound)
            #expect(try await web.get("/api/v1/approvals/not-a-uuid").status == .notFound)
        }
    }

    @Test("Rules: listed, re-banded with validation, deleted; viewers may only look")
    func rules() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let (web, _, _, pattern) = try await Self.seeded(fixture, anonymous)
            let listed = try await web.get("/api/v1/rules")
            #expect(
                listed.items.count == 1 && listed.items[0]["lower"] as? String == "10.00"
                    && listed.items[0]["upper"] as? String == "50.00")
            let path = "/api/v1/rules/\(pattern.id)"
            let inverted = try await web.send(.put, path, json: #"{"lower":"60.00","upper":"20.00"}"#)
            #expect(inverted.status == .unprocessableContent && inverted.body.contains("must not exceed"))
            let tooPrecise = try await web.send(.put, path, json: #"{"lower":"1.001","upper":"-2"}"#)
            #expect((tooPrecise.object["problems"] as? [String])?.count == 2)
            let saved = try await web.send(.put, path, json: #"{"lower":"15.00","upper":"45.50"}"#)
            #expect(saved.status == .ok && saved.object["upper"] as? String == "45.50")
            #expect(try await web.get(path).object["lower"] as? String == "15.00")

            #expect(
                try await web.send(.post, "/api/v1/members", json: #"{"email":"v@acme.example"}"#).status == .created)
            let viewer = try await anonymous.signedIn("v@acme.example", mailer: fixture.mailer)
            #expect(try await viewer.get(path).status == .ok)
            #expect(try await viewer.send(.delete, path).status == .forbidden)

            #expect(try await web.send(.delete, path).status == .noContent)
            #expect(try await web.get(path).status == .notFound)
            #expect(try await web.send(.delete, path).status == .notFound)
        }
    }

    @Test(
        "Report: verdict mix, violation rates, decisions, memory match rate, median time to card, days",
        arguments: AppBackend.allCases)
    func report(backend: AppBackend) async throws {
        let fixture = WebFixture(storage: try await backend.makeStorage())
        try await fixture.run { anonymous in
            let (web, _, _, _) = try await Self.seeded(fixture, anonymous)
            let report = try await web.get("/api/v1/report?from=2027-01-01&to=2027-01-15")
            #expect(report.status == .ok)
            #expect(report.object["submissions"] as? Int == 3 && report.object["checked"] as? Int == 3)
            #expect(report.object["verdicts"] as? [String: Int] == ["green": 1, "yellow": 1, "red": 1])
            let violations = report.object["violations"] as? [[String: Any]] ?? []
            #expect(
                violations.first?["code"] as? String == "amount.above_norm"
                    && violations.first?["submissions"] as? Int == 2)
            #expect(
                violations.contains {
                    $0["code"] as? String == "policy.cap_exceeded" && ($0["rate"] as? Double ?? 0) > 0.33
                })
            #expect(
                (report.object["decisions"] as? [String: Int])?["approve"] == 1
                    && (report.object["decisions"] as? [String: Int])?["undecided"] == 1)
            #expect(abs((report.object["memoryMatchRate"] as? Double ?? 0) - 1.0 / 3) < 0.001)
            #expect(report.object["medianSecondsToCard"] as? Double == 40)
            #expect(report.object["medianSecondsToDecision"] as? Double == 600, "both decided claims took 10 minutes")
            #expect((report.object["days"] as? [[String: Any]])?.count == 15)

            let narrow = try await web.get("/api/v1/report?from=2027-01-14&to=2027-01-14")
            #expect(narrow.object["submissions"] as? Int == 1)
            for bad in ["from=2027-02-30", "from=2027-01-10&to=2027-01-01", "from=2020-01-01&to=2027-01-01", "to=soon"]
            {
                #expect(try await web.get("/api/v1/report?\(bad)").status == .unprocessableContent, "\(bad)")
            }
        }
    }

    @Test(
        "Members: invite joins the inviting workspace, roles change, removal ends access at once, the last admin stays")
    func members() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let admin = try await anonymous.signedIn("owner@acme.example", mailer: fixture.mailer)
            let workspace = try #require(try await admin.get("/api/v1/auth/me").object["activeWorkspace"] as? String)
            let invited = try await admin.send(
                .post, "/api/v1/members", json: #"{"email":"Finance@Acme.example","role":"approver"}"#)
            #expect(invited.status == .created && invited.object["role"] as? String == "approver")
            #expect(fixture.mailer.sent.last?.subject.contains("invited") == true)
            #expect(
                try await admin.send(.post, "/api/v1/members", json: #"{"email":"finance@acme.example"}"#).errorCode
                    == "already_member")
            #expect(
                try await admin.send(.post, "/api/v1/members", json: #"{"email":"x@acme.example","role":"owner"}"#)
                    .status == .unprocessableContent)

            let member = try await anonymous.signedIn("finance@acme.example", mailer: fixture.mailer)
            let me = try await member.get("/api/v1/auth/me")
            #expect(
                me.object["activeWorkspace"] as? String == workspace, "an invited e-mail joins the inviting workspace")
            #expect((me.object["workspaces"] as? [[String: Any]])?.count == 1)

            let memberID = try #require(invited.object["userId"] as? String)
            let ownerID = try #require(
                try await admin.get("/api/v1/members").items.first { $0["email"] as? String == "owner@acme.example" }?[
                    "userId"] as? String)
            #expect(try await member.send(.delete, "/api/v1/members/\(ownerID)").status == .forbidden)
            #expect(try await admin.send(.delete, "/api/v1/members/\(ownerID)").errorCode == "last_admin")
            #expect(
                try await admin.send(.put, "/api/v1/members/\(ownerID)", json: #"{"role":"viewer"}"#).errorCode
                    == "last_admin")
            #expect(
                try await admin.send(.put, "/api/v1/members/\(memberID)", json: #"{"role":"viewer"}"#).object["role"]
                    as? String == "viewer")

            #expect(try await member.get("/api/v1/approvals").status == .ok)
            #expect(try await admin.send(.delete, "/api/v1/members/\(memberID)").status == .noContent)
            #expect(
                try await member.get("/api/v1/approvals").status == .unauthorized,
                "the removed member's session stops at once")
            #expect(try await member.get("/api/v1/auth/me").status == .unauthorized)
            #expect(try await admin.get("/api/v1/members").items.count == 1)
        }
    }
}
