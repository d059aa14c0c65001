import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Onboarding API: Lark connection, flows, mapping, policy")
struct OnboardingAPITests {
    static let app = FakeApp(
        appID: "cli_a6cf4d56fe78d013", appSecret: "secret-onboard-canary", encryptKey: "encrypt-onboard-canary",
        verificationToken: "token-onboard-canary")

    static let expenseForm: [[String: any Sendable]] = [
        ["id": "w-title", "type": "input", "name": "Title"],
        [
            "id": "w-lines", "type": "fieldList", "name": "Expense details",
            "children": [
                ["id": "c-amount", "type": "amount", "name": "Amount", "value": "SGD"],
                ["id": "c-date", "type": "date", "name": "Date"],
                ["id": "c-type", "type": "radioV2", "name": "Expense type"],
                ["id": "c-vendor", "type": "input", "name": "Merchant"],
                ["id": "c-note", "type": "textarea", "name": "Purpose"],
            ] as [[String: any Sendable]],
        ],
        ["id": "w-invoices", "type": "attachmentV2", "name": "Invoices"],
    ]

    static func withLark<Value: Sendable>(
        _ backend: AppBackend = .inMemory, _ body: @Sendable (WebFixture, FakeLarkServer) async throws -> Value
    ) async throws -> Value {
        let lark = try await FakeLarkServer.start()
        await lark.state.register(app)
        await lark.state.addDefinition(
            code: "7C468A54-8745-2245-9675-08B7C63E7A85", name: "Expense claim", form: expenseForm)
        let fixture = WebFixture(storage: try await backend.makeStorage(), larkBaseURL: lark.baseURL)
        do {
            let value = try await body(fixture, lark)
            await lark.stop()
            return value
        } catch {
            await lark.stop()
            throw error
        }
    }

    static let connectBody =
        #"{"domain":"lark","appId":"cli_a6cf4d56fe78d013","appSecret":"secret-onboard-canary","encryptKey":"encrypt-onboard-canary","verificationToken":"token-onboard-canary"}"#

    @Test(
        "Connect Lark: every problem listed, wrong secrets refused by Lark, right ones stored sealed and never shown",
        arguments: AppBackend.allCases)
    func connect(backend: AppBackend) async throws {
        try await Self.withLark(backend) { fixture, lark in
            try await fixture.run { anonymous in
                let web = try await anonymous.signedIn("admin@acme.example", mailer: fixture.mailer)
                let before = try await web.get("/api/v1/lark/connection")
                #expect(before.status == .ok && before.object["connected"] as? Bool == false)
                let webhooks = try #require(before.object["webhooks"] as? [String: String])
                #expect(
                    webhooks["events"]?.hasPrefix("http://localhost:8080/lark/") == true
                        && webhooks["card"]?.hasSuffix("/card") == true)
                let steps = (before.object["steps"] as? [String] ?? []).joined(separator: "\n")
                for needed in ["Bot capability", "card.action.trigger", "Availability", "publish"] {
                    #expect(steps.contains(needed), "the console steps cover \(needed)")
                }

                let missing = try await web.send(
                    .put, "/api/v1/lark/connection", json: #"{"appId":"cli_a6cf4d56fe78d013","appSecret":"x"}"#)
                #expect(missing.status == .unprocessableContent)
                let problems = missing.object["problems"] as? [String] ?? []
                #expect(
                    problems.contains { $0.contains("Encrypt Key is required") && $0.contains("authenticates nothing") }
                )
                #expect(problems.contains { $0.contains("Verification Token is required") })

                let wrong = try await web.send(
                    .put, "/api/v1/lark/connection",
                    json: Self.connectBody.replacingOccurrences(of: "secret-onboard-canary", with: "wrong"))
                #expect(wrong.status == .unprocessableContent && wrong.errorCode == "lark_credentials_rejected")
                #expect(
                    try await web.get("/api/v1/lark/connection").object["connected"] as? Bool == false,
                    "nothing stored on failure")

                let connected = try await web.send(.put, "/api/v1/lark/connection", json: Self.connectBody)
                #expect(connected.status == .ok)
                #expect(
                    connected.object["appSecret"] as? String == "configured"
                        && connected.object["encryptKey"] as? String == "configured")
                let shown = try await web.get("/api/v1/lark/connection")
                for reply in [connected, shown] {
                    for canary in ["secret-onboard-canary", "encrypt-onboard-canary", "token-onboard-canary"] {
                        #expect(!reply.body.contains(canary))
                    }
                }
                #expect(shown.object["appId"] as? String == "cli_a6cf4d56fe78d013")

                // Replacing without repeating the secrets keeps them.
                let replaced = try await web.send(
                    .put, "/api/v1/lark/connection", json: #"{"appId":"cli_a6cf4d56fe78d013","domain":"lark"}"#)
                #expect(replaced.status == .ok)
                let me = try await web.get("/api/v1/auth/me")
                let tenantID = try #require((me.object["activeWorkspace"] as? String).flatMap(TenantID.init))
                let stored = try await fixture.storage.withTenant(tenantID) { try await $0.tenant.larkConnection() }
                #expect(
                    stored?.appSecret == Secret("secret-onboard-canary")
                        && stored?.encryptKey == Secret("encrypt-onboard-canary"))

                #expect(try await web.send(.delete, "/api/v1/lark/connection").status == .noContent)
                #expect(try await web.get("/api/v1/lark/connection").object["connected"] as? Bool == false)
                #expect(try await fixture.storage.withTenant(tenantID) { try await $0.tenant.larkConnection() } == nil)
            }
        }
    }

    @Test("Lark unreachable while connecting: 502 with a clear code, nothing stored")
    func larkDown() async throws {
        let fixture = WebFixture(
            storage: InMemoryStorage(sealer: TestServices.sealer), larkBaseURL: "http://127.0.0.1:9")
        try await fixture.run { anonymous in
            let web = try await anonymous.signedIn("down@acme.example", mailer: fixture.mailer)
            let reply = try await web.send(.put, "/api/v1/lark/connection", json: Self.connectBody)
            #expect(reply.status == .badGateway && reply.errorCode == "lark_unavailable")
            #expect(try await web.get("/api/v1/lark/connection").object["connected"] as? Bool == false)
        }
    }

    @Test(
        "Add a flow: Kopi fetches the form, subscribes, proposes a mapping, and takes corrections checked against the form"
    )
    func flows() async throws {
        try await Self.withLark { fixture, lark in
            try await fixture.run { anonymous in
                let web = try await anonymous.signedIn("flows@acme.example", mailer: fixture.mailer)
                let early = try await web.send(
                    .post, "/api/v1/flows", json: #"{"approvalCode":"7C468A54-8745-2245-9675-08B7C63E7A85"}"#)
                #expect(early.status == .conflict && early.errorCode == "lark_not_connected")
                #expect(try await web.send(.put, "/api/v1/lark/connection", json: Self.connectBody).status == .ok)

                let unknown = try await web.send(.post, "/api/v1/flows", json: #"{"approvalCode":"NOPE"}"#)
                #expect(unknown.status == .unprocessableContent && unknown.errorCode == "lark_not_found")
                let malformed = try await web.send(.post, "/api/v1/flows", json: #"{"approvalCode":"../../etc"}"#)
                #expect(malformed.status == .unprocessableContent && malformed.errorCode == "invalid_input")

                let added = try await web.send(
                    .post, "/api/v1/flows", json: #"{"approvalCode":"7C468A54-8745-2245-9675-08B7C63E7A85"}"#)
                #expect(added.status == .created)
                #expect(added.object["name"] as? String == "Expense claim")
                let mapping = try #require(added.object["mapping"] as? [String: Any])
                #expect(mapping["detailTable"] as? String == "w-lines")
                #expect(mapping["amount"] as? String == "c-amount")
                #expect(mapping["date"] as? String == "c-date")
                #expect(mapping["category"] as? String == "c-type")
                #expect(mapping["vendor"] as? String == "c-vendor")
                #expect(mapping["description"] as? String == "c-note")
                #expect(mapping["attachments"] as? String == "w-invoices")
                #expect(mapping["defaultCurrency"] as? String == "SGD")
                #expect(
                    await lark.state.subscriptions.contains("cli_a6cf4d56fe78d013/7C468A54-8745-2245-9675-08B7C63E7A85")
                )
                let flowID = try #require(added.object["id"] as? String)

                let duplicate = try await web.send(
                    .post, "/api/v1/flows", json: #"{"approvalCode":"7C468A54-8745-2245-9675-08B7C63E7A85"}"#)
                #expect(duplicate.status == .conflict && duplicate.errorCode == "flow_exists")

                let detail = try await web.get("/api/v1/flows/\(flowID)")
                #expect((detail.object["widgets"] as? [[String: Any]])?.count == 3)

                let bad = try await web.send(
                    .put, "/api/v1/flows/\(flowID)/mapping", json: #"{"amount":"w-invoices","vendor":"missing"}"#)
                #expect(bad.status == .unprocessableContent)
                let problems = bad.object["problems"] as? [String] ?? []
                #expect(problems.contains { $0.contains("amount") && $0.contains("attachmentV2") })
                #expect(problems.contains { $0.contains("vendor") && $0.contains("no widget missing") })

                let fixed = try await web.send(
                    .put, "/api/v1/flows/\(flowID)/mapping",
                    json: #"{"amount":"c-amount","detailTable":"w-lines","vendor":"w-title","defaultCurrency":"SGD"}"#)
                #expect(fixed.status == .ok)
                #expect((fixed.object["mapping"] as? [String: Any])?["vendor"] as? String == "w-title")
                let listed = try await web.get("/api/v1/flows")
                #expect(
                    listed.items.count == 1
                        && (listed.items[0]["mapping"] as? [String: Any])?["vendor"] as? String == "w-title")

                // Removing a flow keeps its history: the approval, its check and its audit trail stay.
                let tenantID = try #require(
                    (try await web.get("/api/v1/auth/me").object["activeWorkspace"] as? String).flatMap(TenantID.init))
                let seed = Seed(storage: fixture.storage, tenantID: tenantID)
                let storedID = try #require(FlowID(flowID))
                let flow = try #require(
                    try await fixture.storage.withTenant(tenantID) { try await $0.approvals.flow(storedID) })
                let claim = try await seed.approval(
                    flow: flow, instance: LarkIDs.instanceCode(), vendor: "Grab", amount: 1800, submittedAt: Date(),
                    findings: Seed.yellow)
                #expect(try await web.send(.delete, "/api/v1/flows/\(flowID)").status == .noContent)
                #expect(try await web.get("/api/v1/flows/\(flowID)").status == .notFound)
                #expect(try await web.get("/api/v1/flows").items.isEmpty)
                #expect(try await web.send(.delete, "/api/v1/flows/\(flowID)").status == .notFound)
                let kept = try await web.get("/api/v1/approvals/\(claim.id)")
                #expect(kept.status == .ok && (kept.object["timeline"] as? [[String: Any]])?.count == 2, "\(kept.body)")
                #expect(try await web.get("/api/v1/approvals").items.count == 1)

                // Watching it again brings the same flow back, history and all.
                let again = try await web.send(
                    .post, "/api/v1/flows", json: #"{"approvalCode":"7C468A54-8745-2245-9675-08B7C63E7A85"}"#)
                #expect(again.status == .created && again.object["id"] as? String == flowID)
            }
        }
    }

    @Test("Policy: defaults, every problem listed, saved and audited; only admins change it")
    func policy() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let admin = try await anonymous.signedIn("boss@acme.example", mailer: fixture.mailer)
            let defaults = try await admin.get("/api/v1/policy")
            #expect(defaults.status == .ok && defaults.object["submissionWindowDays"] != nil)

            let invalid = try await admin.send(
                .put, "/api/v1/policy",
                json: #"{"submissionWindowDays":-3,"anomalyYellowMultiple":5,"anomalyRedMultiple":2}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect((invalid.object["problems"] as? [String])?.count ?? 0 >= 2)
            let wrongType = try await admin.send(.put, "/api/v1/policy", json: #"{"submissionWindowDays":"soon"}"#)
            #expect(wrongType.status == .badRequest && wrongType.body.contains("submissionWindowDays"))

            let saved = try await admin.send(
                .put, "/api/v1/policy",
                json:
                    #"{"submissionWindowDays":45,"categoryCaps":{"meals":{"minorUnits":5000,"currency":"SGD"}},"prohibitedVendors":["casino royale"],"autoApproveAfterApprovals":3}"#
            )
            #expect(saved.status == .ok)
            let read = try await admin.get("/api/v1/policy")
            #expect(
                read.object["submissionWindowDays"] as? Int == 45
                    && read.object["autoApproveAfterApprovals"] as? Int == 3)

            #expect(
                try await admin.send(
                    .post, "/api/v1/members", json: #"{"email":"viewer@acme.example","role":"viewer"}"#
                ).status == .created)
            let viewer = try await anonymous.signedIn("viewer@acme.example", mailer: fixture.mailer)
            #expect(try await viewer.get("/api/v1/policy").status == .ok)
            let refused = try await viewer.send(.put, "/api/v1/policy", json: #"{"submissionWindowDays":1}"#)
            #expect(refused.status == .forbidden && refused.errorCode == "forbidden")
            #expect(try await viewer.get("/api/v1/lark/connection").status == .forbidden)
        }
    }
}
