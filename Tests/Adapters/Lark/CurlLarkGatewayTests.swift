import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("Lark gateway over libcurl, against the fake Lark")
struct CurlLarkGatewayTests {
    @Test("Credentials are verified by obtaining a tenant token; a wrong secret is invalid_credentials")
    func credentials() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        try await fixture.gateway.verifyCredentials(fixture.larkApp)
        let wrong = LarkApp(tenantID: fixture.larkApp.tenantID, domain: .lark, appID: FakeLarkFixture.app.appID, appSecret: Secret("nope"))
        await #expect(throws: LarkError(.invalidCredentials, code: 99991543)) { try await fixture.gateway.verifyCredentials(wrong) }
    }

    @Test("One token serves many calls; concurrent callers share one refresh")
    func tokenCache() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 { group.addTask { _ = try await fixture.gateway.instance("INST-1", app: fixture.larkApp) } }
            try await group.waitForAll()
        }
        #expect(await fixture.server.state.tokensIssued == 1)
    }

    @Test("A token Lark calls invalid is refreshed and the call retried once")
    func expiredToken() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        _ = try await fixture.gateway.instance("INST-1", app: fixture.larkApp)
        await fixture.server.state.inject(.expireTokens, on: "/open-apis/approval")
        let instance = try await fixture.gateway.instance("INST-1", app: fixture.larkApp)
        #expect(instance.instanceCode == "INST-1")
        #expect(await fixture.server.state.tokensIssued == 2)
    }

    @Test("A token about to expire is replaced before use")
    func shortLivedToken() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        await fixture.server.state.setTokenLifetime(2)
        _ = try await fixture.gateway.instance("INST-1", app: fixture.larkApp)
        try await Task.sleep(for: .milliseconds(1100))
        _ = try await fixture.gateway.instance("INST-1", app: fixture.larkApp)
        #expect(await fixture.server.state.tokensIssued == 2)
    }

    @Test("Definitions are read and subscribing twice is still success (1390007)")
    func definitionAndSubscribe() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        let definition = try await fixture.gateway.approvalDefinition("DEF-1", app: fixture.larkApp)
        #expect(definition.name == "Travel expenses" && definition.widgets.map(\.id) == ["w-amount", "w-vendor"])
        try await fixture.gateway.subscribe("DEF-1", app: fixture.larkApp)
        try await fixture.gateway.subscribe("DEF-1", app: fixture.larkApp)
        #expect(await fixture.server.state.subscriptions == ["\(FakeLarkFixture.app.appID)/DEF-1"])
        await #expect(throws: LarkError(.notFound, code: 1390002)) { try await fixture.gateway.approvalDefinition("NOPE", app: fixture.larkApp) }
    }

    @Test("An instance's form is parsed widget by widget, with its tasks")
    func instanceParsing() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        let instance = try await fixture.gateway.instance("INST-1", app: fixture.larkApp)
        #expect(instance.status == "PENDING" && instance.submissionStatus == .pending && instance.applicantOpenID == "ou_applicant")
        #expect(instance.startedAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(instance.pendingTasks == [LarkTask(id: "task-1", openID: "ou_boss", status: "PENDING", nodeName: "Approval")])
        let values = Dictionary(uniqueKeysWithValues: instance.form.map { ($0.id, $0.value) })
        #expect(values["w-amount"] == .amount("1234.5", currency: "SGD"))
        #expect(values["w-vendor"] == .text("Grab Pte Ltd"))
        #expect(values["w-count"] == .number("3"))
        #expect(values["w-date"] == .date(try Date("2026-11-20T00:12:01Z", strategy: .iso8601)))
        #expect(values["w-category"] == .options(["transport"]))
        #expect(values["w-tags"] == .options(["client", "urgent"]))
        guard case .files(let files)? = values["w-files"], case .table(let rows)? = values["w-lines"], case .dateInterval? = values["w-trip"] else {
            Issue.record("attachments, table or interval not parsed"); return
        }
        #expect(files.map(\.fileName) == ["invoice.pdf"])
        #expect(rows.count == 2 && rows[1].first?.value == .amount("45", currency: nil))
        await #expect(throws: LarkError(.notFound, code: 1390003)) { try await fixture.gateway.instance("NOPE", app: fixture.larkApp) }
    }

    @Test("Listing follows pages and filters by creation time")
    func listing() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        let base = Date(timeIntervalSince1970: 1_900_000_000)
        for index in 0..<230 {
            await fixture.server.state.addInstance(FakeInstance(
                approvalCode: "DEF-2", instanceCode: "L-\(index)", applicantOpenID: "ou_a", startTime: base.addingTimeInterval(Double(index)), form: [], tasks: []))
        }
        let all = try await fixture.gateway.instanceCodes("DEF-2", from: base, to: base.addingTimeInterval(1000), app: fixture.larkApp)
        #expect(all.count == 230 && Set(all).count == 230)
        let some = try await fixture.gateway.instanceCodes("DEF-2", from: base.addingTimeInterval(10), to: base.addingTimeInterval(20), app: fixture.larkApp)
        #expect(some == (10..<20).map { "L-\($0)" })
    }

    @Test("Cards are sent once per idempotency key and can be patched")
    func cards() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        let card = #"{"schema":"2.0","body":{"elements":[]}}"#
        let first = try await fixture.gateway.sendCard(card, to: "ou_boss", idempotencyKey: "kopi-INST-1-task-1", app: fixture.larkApp)
        let again = try await fixture.gateway.sendCard(card, to: "ou_boss", idempotencyKey: "kopi-INST-1-task-1", app: fixture.larkApp)
        #expect(first == again)
        #expect(await fixture.server.state.sentCards.count == 1)
        try await fixture.gateway.patchCard(messageID: first, card: card, app: fixture.larkApp)
        #expect(await fixture.server.state.patches.map(\.messageID) == [first])
    }

    @Test("Tasks are approved or rejected as their approver; signature-required is its own error")
    func decisions() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        let decision = LarkTaskDecision(action: .approve, approvalCode: "DEF-1", instanceCode: "INST-1", taskID: "task-1", approverOpenID: "ou_boss", comment: "ok")
        await fixture.server.state.inject(.code(1390018), on: "/open-apis/approval/v4/tasks")
        await #expect(throws: LarkError(.signatureRequired, code: 1390018)) { try await fixture.gateway.decide(decision, app: fixture.larkApp) }
        try await fixture.gateway.decide(decision, app: fixture.larkApp)
        #expect(await fixture.server.state.instances["INST-1"]?.status == "APPROVED")
        await #expect(throws: LarkError(.notFound, code: 1390010)) { try await fixture.gateway.decide(decision, app: fixture.larkApp) }
        let id = try await fixture.gateway.addComment(instanceCode: "INST-1", authorOpenID: "ou_boss", text: "Checked by Kopi", app: fixture.larkApp)
        #expect(!id.isEmpty)
        #expect(await fixture.server.state.comments.map(\.text) == ["Checked by Kopi"])
    }

    @Test("Rate limits wait for the reset Lark names; 5xx and 1395001 are retried; errors carry code and log id")
    func faults() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        _ = try await fixture.gateway.instance("INST-1", app: fixture.larkApp)
        for fault in [FakeFault.rateLimit(resetSeconds: 0.2), .serverError, .code(1395001), .slow(.milliseconds(100))] {
            await fixture.server.state.inject(fault, on: "/open-apis/approval")
            #expect(try await fixture.gateway.instance("INST-1", app: fixture.larkApp).instanceCode == "INST-1")
        }
        for _ in 0..<3 { await fixture.server.state.inject(.serverError, on: "/open-apis/approval") }
        await #expect(throws: LarkError(.unavailable)) { try await fixture.gateway.instance("INST-1", app: fixture.larkApp) }
        await fixture.server.state.inject(.rateLimit(resetSeconds: 60), on: "/open-apis/approval")
        do {
            _ = try await fixture.gateway.instance("INST-1", app: fixture.larkApp)
            Issue.record("a rate limit beyond the longest wait must fail")
        } catch {
            #expect(error.kind == .rateLimited && error.code == 99991400 && error.logID?.hasPrefix("fake-") == true)
            #expect(!error.description.contains("secret") && !error.description.contains("t-fake"))
        }
    }

    @Test("A slow Lark times out as a transport error")
    func timeout() async throws {
        let fixture = try await FakeLarkFixture.start(maxAttempts: 1)
        defer { Task { await fixture.server.stop() } }
        _ = try await fixture.gateway.instance("INST-1", app: fixture.larkApp)
        await fixture.server.state.inject(.slow(.seconds(3)), on: "/open-apis/approval")
        await #expect(throws: LarkError(.transport)) { try await fixture.gateway.instance("INST-1", app: fixture.larkApp) }
    }
}
