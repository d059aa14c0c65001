public import Application
public import Domain
import Foundation
import Logging
import Ports

/// Fills a fresh workspace with the demo: a simulated Lark app and three flows added through the
/// real onboarding path, a policy, then about thirty claims with invoices whose events enter
/// through Kopi's real intake, so the real worker fetches, reads, checks and sends cards. The
/// older claims are then decided by tapping their cards, which teaches memory.
public struct DemoSeeder: Sendable {
    let services: AppServices
    let demo: DemoLark
    var cardTimeout: Duration = .seconds(120)

    public init(services: AppServices, demo: DemoLark) {
        self.services = services
        self.demo = demo
    }

    public enum DemoError: Error, CustomStringConvertible {
        case notPrepared
        case intakeRefused

        public var description: String {
            switch self {
            case .notPrepared: "demo.not_prepared"
            case .intakeRefused: "demo.intake_refused"
            }
        }
    }

    public static let alreadyThere = ApplicationError(
        .conflict, code: "demo_exists", message: "This workspace already holds the demo.")

    /// Connects the simulated Lark and adds the flows and policy. Fast; the claims follow in
    /// ``populate(_:)``. Refused for a workspace connected to a real Lark app or already watching flows.
    public func prepare(_ caller: Caller) async throws {
        try caller.require(.admin)
        let tenantID = caller.tenantID
        let (tenant, connection, flows) = try await services.storage.withTenant(tenantID) { scope in
            (
                try await scope.tenant.tenant(), try await scope.tenant.larkConnection(),
                try await scope.approvals.flows()
            )
        }
        // One demo per workspace: disconnecting and deleting its flows does not make room for another.
        let hadDemo = await demo.appID(for: tenantID) != nil
        if tenant.larkDomain == .demo || hadDemo { throw Self.alreadyThere }
        guard connection == nil, flows.isEmpty else {
            throw ApplicationError(
                .conflict, code: "workspace_not_fresh",
                message: "The demo runs in a fresh workspace; this one is already connected to Lark or watching flows.")
        }
        let randomness = services.randomness
        let appID = "cli_" + Hex.lowercase(randomness.bytes(8))
        let appSecret = Base64URL.encode(randomness.bytes(24))
        await demo.lark.register(appID: appID, appSecret: appSecret)
        await demo.register(appID: appID, for: tenantID)
        for flow in DemoScenario.flows {
            let widgets = try DemoForms.fields(DemoForms.definition(table: flow.table))
            await demo.lark.addDefinition(
                LarkApprovalDefinition(approvalCode: flow.code, name: flow.name, status: "ACTIVE", widgets: widgets),
                appID: appID)
        }
        var demoTenant = tenant
        demoTenant.larkDomain = .demo
        try await services.storage.withTenant(tenantID) { [demoTenant, services] scope in
            try await scope.tenant.update(demoTenant)
            try await scope.tenant.saveLarkConnection(
                LarkConnection(
                    tenantID: tenantID, appID: appID, appSecret: Secret(appSecret),
                    encryptKey: Secret(Base64URL.encode(randomness.bytes(24))),
                    verificationToken: Secret(Base64URL.encode(randomness.bytes(24))), updatedAt: services.clock.now()))
        }
        let sgd = CurrencyCode("SGD")!
        try await PolicyService(services: services).save(
            PolicySettings(
                categoryCaps: [
                    "meals": Money(minorUnits: 8000, currency: sgd),
                    "entertainment": Money(minorUnits: 20000, currency: sgd),
                ],
                prohibitedVendors: ["Marina Bay Casino"], submissionWindowDays: 60, flagWeekendExpenses: false,
                timeZoneIdentifier: "Asia/Singapore", baseCurrency: sgd),
            caller: caller)
        let rateDay = RateDay(services.clock.now().addingTimeInterval(-90 * 86400), in: TimeZone(identifier: "UTC")!)
        _ = try await ExchangeRateService(services: services).setManualRate(
            caller, from: "USD", to: "SGD", rate: DemoScenario.usdToSGD, day: rateDay.text)
        let flowService = FlowService(services: services)
        for flow in DemoScenario.flows { _ = try await flowService.add(approvalCode: flow.code, caller: caller) }
        await demo.update(tenantID) {
            $0 = DemoLark.Progress(phase: "Sending claims", total: DemoScenario.claims.count)
        }
    }

    /// Pushes the claims, waits for their cards, and decides the older ones. Progress is kept in
    /// ``DemoLark``; a failure is recorded there rather than thrown.
    public func populate(_ tenantID: TenantID) async {
        do {
            try await run(tenantID)
            await demo.update(tenantID) {
                $0.phase = "Ready"
                $0.finished = true
            }
        } catch {
            services.logger.warning(
                "demo could not be completed", metadata: ["tenant_id": "\(tenantID)", "error": "\(error)"])
            await demo.update(tenantID) {
                $0.failed = "\(error)"
                $0.finished = true
            }
        }
    }

    private func run(_ tenantID: TenantID) async throws {
        guard let appID = await demo.appID(for: tenantID) else { throw DemoError.notPrepared }
        let intake = LarkPushIntake(services: services)
        let now = services.clock.now()
        var instances: [String] = []
        for (index, claim) in DemoScenario.claims.enumerated() {
            let code = DemoIDs.stable(.uuid, "demo-\(tenantID)-\(index + 1)")
            let started = now.addingTimeInterval(-Double(claim.daysAgo) * 86400 + Double(index % 5) * 1800)
            let file = DemoForms.file(for: claim, index: index, now: now)
            let form = DemoForms.form(
                for: claim, spent: started.addingTimeInterval(-Double(claim.spentDaysBefore) * 86400),
                table: DemoScenario.flows.first { $0.code == claim.flow }?.table ?? false,
                fileURL: file.map { SimulatedLark.fileURL($0.name, appID: appID) }, fileName: file?.name)
            let instance = LarkInstance(
                approvalCode: claim.flow, instanceCode: code, status: "PENDING",
                applicantOpenID: DemoScenario.applicants[index % DemoScenario.applicants.count], startedAt: started,
                form: try DemoForms.fields(form),
                tasks: [
                    LarkTask(
                        id: DemoIDs.stable(.taskID, code), openID: DemoScenario.approver, status: "PENDING",
                        nodeName: "Finance")
                ])
            try await demo.lark.addInstance(instance, file: file, appID: appID)
            instances.append(code)
        }
        let phases = [0..<DemoScenario.taught, DemoScenario.taught..<instances.count]
        for (number, range) in phases.enumerated() {
            for index in range {
                try Task.checkCancellation()
                let event = LarkEvent(
                    id: DemoIDs.stable(.eventID, "event-\(instances[index])"), type: "approval_instance", token: "",
                    createdAt: services.clock.now(), approvalCode: DemoScenario.claims[index].flow,
                    instanceCode: instances[index],
                    status: "PENDING", operateTime: services.clock.now(), operatorOpenID: nil)
                _ = try await intake.accept(event, tenant: tenantID)
                await demo.update(tenantID) {
                    $0.pushed += 1
                    $0.phase = number == 0 ? "Checking the older claims" : "Checking the newest claims"
                }
            }
            let cards = try await waitForCards(Array(instances[range]), tenantID: tenantID)
            guard number == 0 else { break }
            await demo.update(tenantID) { $0.phase = "Approvers deciding the older claims" }
            for index in range {
                guard let card = cards[instances[index]] else { continue }
                let casino = DemoScenario.claims[index].vendor == "Marina Bay Casino"
                _ = try await tap(
                    messageID: card.messageID, submissionID: card.submissionID.description,
                    choice: casino ? "reject" : "approve",
                    reason: casino ? Self.casinoReason : "", appID: appID,
                    tenantID: tenantID, eventID: DemoIDs.stable(.eventID, "tap-\(instances[index])"))
            }
            try await waitForDecisions(cards.values.map(\.submissionID), tenantID: tenantID)
        }
    }

    /// Why the demo's approver rejects the casino claim, typed on its card.
    static let casinoReason = "Gambling is never reimbursable under our expense policy."

    /// Taps a card as the demo's approver, as Lark delivers it: with the card's update token.
    func tap(
        messageID: String, submissionID: String, choice: String, reason: String = "", appID: String,
        tenantID: TenantID, eventID: String
    )
        async throws -> CardAnswer
    {
        let token = await demo.lark.issueToken(messageID: messageID, appID: appID)
        let event = LarkEvent(
            id: eventID, type: EventRoute.cardTapType, token: "", createdAt: services.clock.now(), approvalCode: nil,
            instanceCode: nil, status: nil, operateTime: services.clock.now(), operatorOpenID: DemoScenario.approver,
            actionValue: ["kopi": submissionID, "choice": choice],
            formValue: reason.isEmpty ? [:] : [CheckCard.reasonField: reason], messageID: messageID,
            callbackToken: token)
        guard
            case .tapped(_, let recorded) = try await LarkPushIntake(services: services).accept(event, tenant: tenantID)
        else {
            throw DemoError.intakeRefused
        }
        return recorded.answer()
    }

    /// Waits until the taps' decisions are recorded (the worker acts on them), up to the timeout.
    private func waitForDecisions(_ submissions: [SubmissionID], tenantID: TenantID) async throws {
        let deadline = ContinuousClock.now + cardTimeout
        while ContinuousClock.now < deadline {
            let settled = try await services.storage.withTenant(tenantID) { scope in
                var settled = 0
                for id in submissions where try await scope.taps.taps(for: id).contains(where: { $0.state != .pending })
                { settled += 1 }
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
}
