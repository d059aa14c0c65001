import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Logging
import Ports

/// Fills a fresh workspace with the demo: a simulated Lark app and three flows added through the
/// real onboarding path, a policy, then about thirty claims with invoices pushed as signed,
/// encrypted events to Kopi's own webhook, so the real worker fetches, reads, checks and sends
/// cards. The older claims are then decided by tapping their cards, which teaches memory.
struct DemoSeeder: Sendable {
    let services: AppServices
    let demo: DemoLark
    var cardTimeout: Duration = .seconds(120)

    /// Connects the simulated Lark and adds the flows and policy. Fast; the claims follow in
    /// ``populate(_:)``. Refused for a workspace connected to a real Lark app or already watching flows.
    func prepare(_ caller: Caller) async throws {
        try caller.require(.admin)
        let tenantID = caller.tenantID
        let (tenant, connection, flows) = try await services.storage.withTenant(tenantID) { scope in
            (try await scope.tenant.tenant(), try await scope.tenant.larkConnection(), try await scope.approvals.flows())
        }
        if tenant.larkDomain == .demo, connection != nil {
            throw APIError(status: .conflict, code: "demo_exists", message: "This workspace already holds the demo.")
        }
        guard connection == nil, flows.isEmpty else {
            throw APIError(
                status: .conflict, code: "workspace_not_fresh",
                message: "The demo runs in a fresh workspace; this one is already connected to Lark or watching flows.")
        }
        let (server, _) = try await demo.start()
        let app = FakeApp(
            appID: "cli_" + services.randomness.bytes(8).map { String(format: "%02x", $0) }.joined(),
            appSecret: Base64URL.encode(services.randomness.bytes(24)), encryptKey: Base64URL.encode(services.randomness.bytes(24)),
            verificationToken: Base64URL.encode(services.randomness.bytes(24)))
        await server.state.register(app)
        await demo.register(app, for: tenantID)
        for flow in DemoScenario.flows {
            await server.state.addDefinition(code: flow.code, name: flow.name, form: DemoForms.definition(table: flow.table))
        }
        var demoTenant = tenant
        demoTenant.larkDomain = .demo
        try await services.storage.withTenant(tenantID) { [demoTenant] scope in
            try await scope.tenant.update(demoTenant)
            try await scope.tenant.saveLarkConnection(LarkConnection(
                tenantID: tenantID, appID: app.appID, appSecret: Secret(app.appSecret), encryptKey: Secret(app.encryptKey),
                verificationToken: Secret(app.verificationToken), updatedAt: services.clock.now()))
            try await scope.tenant.savePolicy(PolicySettings(
                categoryCaps: ["meals": Money(minorUnits: 8000, currency: CurrencyCode("SGD")!), "entertainment": Money(minorUnits: 20000, currency: CurrencyCode("SGD")!)],
                prohibitedVendors: ["Marina Bay Casino"], submissionWindowDays: 60, flagWeekendExpenses: false, timeZoneIdentifier: "Asia/Singapore"))
        }
        let flowService = FlowService(services: services)
        for flow in DemoScenario.flows { _ = try await flowService.add(approvalCode: flow.code, caller: caller) }
        await demo.update(tenantID) { $0 = DemoLark.Progress(phase: "Sending claims", total: DemoScenario.claims.count) }
    }

    /// Pushes the claims, waits for their cards, and decides the older ones. Progress is kept in
    /// ``DemoLark``; a failure is recorded there rather than thrown.
    func populate(_ tenantID: TenantID) async {
        do {
            try await run(tenantID)
            await demo.update(tenantID) { $0.phase = "Ready"; $0.finished = true }
        } catch {
            services.logger.warning("demo could not be completed", metadata: ["tenant": "\(tenantID)", "error": "\(error)"])
            await demo.update(tenantID) { $0.failed = "\(error)"; $0.finished = true }
        }
    }

    private func run(_ tenantID: TenantID) async throws {
        let (server, _) = try await demo.start()
        guard let app = await demo.app(for: tenantID), let base = await demo.ownURL() else { throw DemoError.notPrepared }
        let endpoint = try await services.storage.withTenant(tenantID) { try await $0.tenant.tenant().endpointID }
        let now = services.clock.now()
        var instances: [String] = []
        for (index, claim) in DemoScenario.claims.enumerated() {
            let code = LarkIDs.stable(.uuid, "demo-\(tenantID)-\(index + 1)")
            let started = now.addingTimeInterval(-Double(claim.daysAgo) * 86400 + Double(index % 5) * 1800)
            let file = DemoForms.file(for: claim, index: index, now: now)
            if let file { await server.state.addFile(name: file.name, bytes: file.bytes) }
            await server.state.addInstance(FakeInstance(
                approvalCode: claim.flow, instanceCode: code, applicantOpenID: DemoScenario.applicants[index % DemoScenario.applicants.count],
                startTime: started, form: DemoForms.form(for: claim, spent: started.addingTimeInterval(-Double(claim.spentDaysBefore) * 86400),
                                                        table: DemoScenario.flows.first { $0.code == claim.flow }?.table ?? false,
                                                        fileURL: file.map { server.fileURL($0.name) }, fileName: file?.name),
                tasks: [FakeTask(id: LarkIDs.stable(.taskID, code), approverOpenID: DemoScenario.approver)]))
            instances.append(code)
        }
        let events = "\(base)/lark/\(endpoint)/events"
        let cardURL = "\(base)/lark/\(endpoint)/card"
        let phases = [0..<DemoScenario.taught, DemoScenario.taught..<instances.count]
        for (number, range) in phases.enumerated() {
            for index in range {
                let payload = FakeLarkPayloads.approvalInstance(
                    app: app, eventID: LarkIDs.stable(.eventID, "event-\(instances[index])"), approvalCode: DemoScenario.claims[index].flow, instanceCode: instances[index],
                    status: "PENDING")
                let (status, _) = try await Self.deliver(payload, app: app, to: events, at: services.clock.now())
                guard status == 200 else { throw DemoError.webhookRefused(status) }
                await demo.update(tenantID) { $0.pushed += 1; $0.phase = number == 0 ? "Checking the older claims" : "Checking the newest claims" }
            }
            let cards = try await waitForCards(Array(instances[range]), tenantID: tenantID)
            guard number == 0 else { break }
            await demo.update(tenantID) { $0.phase = "Approvers deciding the older claims" }
            for index in range {
                guard let card = cards[instances[index]] else { continue }
                let choice = DemoScenario.claims[index].vendor == "Marina Bay Casino" ? "reject" : "approve"
                // As Lark does: the tap carries the card's update token, usable once answered.
                let token = await server.state.issueCallbackToken(messageID: card.messageID)
                let tap = FakeLarkPayloads.cardAction(
                    app: app, eventID: LarkIDs.stable(.eventID, "tap-\(instances[index])"), operatorOpenID: DemoScenario.approver,
                    value: ["kopi": card.submissionID.description, "choice": choice], messageID: card.messageID, token: token)
                let (status, _) = try await Self.deliver(tap, app: app, to: cardURL, at: services.clock.now())
                if status == 200 { await server.state.markCallbackAnswered(token) }
            }
            try await waitForDecisions(cards.values.map(\.submissionID), tenantID: tenantID)
        }
    }

    /// Waits until the taps' decisions are recorded (the worker acts on them), up to the timeout.
    private func waitForDecisions(_ submissions: [SubmissionID], tenantID: TenantID) async throws {
        let deadline = ContinuousClock.now + cardTimeout
        while ContinuousClock.now < deadline {
            let settled = try await services.storage.withTenant(tenantID) { scope in
                var settled = 0
                for id in submissions where try await scope.taps.taps(for: id).contains(where: { $0.state != .pending }) { settled += 1 }
                return settled
            }
            if settled == submissions.count { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits until each instance has a card, up to the timeout.
    private func waitForCards(_ codes: [String], tenantID: TenantID) async throws -> [String: CardMessage] {
        let deadline = ContinuousClock.now + cardTimeout
        while true {
            let found = try await services.storage.withTenant(tenantID) { scope in
                var cards: [String: CardMessage] = [:]
                for code in codes {
                    if let submission = try await scope.approvals.submission(instanceCode: code),
                        let card = try await scope.approvals.cards(for: submission.id).first
                    {
                        cards[code] = card
                    }
                }
                return cards
            }
            if found.count == codes.count || ContinuousClock.now > deadline { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Signs and encrypts `plaintext` like Lark and posts it to Kopi's own webhook, re-sending
    /// (as Lark does) when the answer is not 200 or does not come in time. Both events and taps
    /// are idempotent, so a re-send is safe.
    static func deliver(_ plaintext: Data, app: FakeApp, to url: String, at time: Date, attempts: Int = 4) async throws -> (Int, Data) {
        let http = CurlHTTPClient(threads: 1)
        var last: (Int, Data) = (0, Data())
        for attempt in 1...attempts {
            let delivery = FakeLarkPusher.delivery(plaintext, app: app, timestamp: time)
            do {
                let response = try await http.send(HTTPClientRequest(
                    method: "POST", url: url, headers: delivery.headers, body: delivery.body, timeout: .seconds(30)))
                last = (response.status, response.body)
                if response.status == 200 { return last }
            } catch where attempt == attempts {
                throw error
            } catch {}
            try await Task.sleep(for: .seconds(attempt))
        }
        return last
    }

    enum DemoError: Error, CustomStringConvertible {
        case notPrepared
        case webhookRefused(Int)

        var description: String {
            switch self {
            case .notPrepared: "demo.not_prepared"
            case .webhookRefused(let status): "demo.webhook_refused(\(status))"
            }
        }
    }
}
