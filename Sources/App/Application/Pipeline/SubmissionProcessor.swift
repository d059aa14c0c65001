public import Domain
public import Foundation
import Logging
import Ports

/// Processes one approval instance. A new claim is read (attachments in memory, discarded),
/// stored with its extractions and check in one transaction, and each pending approver gets one
/// card. A claim Kopi already checked is only synchronised: a later approver gets the card from
/// the stored check, with no download and no AI call. Every step is idempotent, so a retried job
/// repeats nothing visible: the submission keeps its id, and Lark's message `uuid` plus Kopi's
/// card record stop a second card.
public struct SubmissionProcessor: Sendable {
    let storage: any Storage
    let lark: any LarkGateway
    let readers: InvoiceReaders
    let runtime: Runtime
    public var limits = AttachmentLimits()
    /// When attachments the AI could not read are tried again.
    public var recheckDelay: TimeInterval = 10 * 60
    /// Fetches the reference rates a claim's days need before it is recorded; nil leaves the
    /// cached and manual rates.
    public var rates: ExchangeRateService? = nil

    public enum Outcome: Hashable, Sendable {
        case checked(SubmissionID, Verdict, cardsSent: Int)
        /// The instance's definition is not a monitored flow; nothing to do.
        case notMonitored
    }

    public enum Failure: Error, Hashable {
        /// The workspace has no Lark connection (disconnected meanwhile).
        case notConnected
        /// A re-check found the AI still unavailable; the job is retried later.
        case aiStillUnavailable
    }

    public var synchroniser: CardSynchroniser { CardSynchroniser(storage: storage, lark: lark, runtime: runtime) }

    /// With `refresh` (a re-check), the claim is read again and cards already sent are updated
    /// in place instead of sent again.
    public func process(instanceCode: String, tenant tenantID: TenantID, refresh: Bool = false) async throws -> Outcome
    {
        let app = try await larkApp(tenantID)
        let instance = try await lark.instance(instanceCode, app: app)
        let (flow, checked, policy) = try await storage.withTenant(tenantID) {
            scope -> (MonitoredFlow?, (SubmissionID, Verdict)?, PolicySettings?) in
            let flow = try await scope.approvals.flow(approvalCode: instance.approvalCode)
            guard let existing = try await scope.approvals.submission(instanceCode: instanceCode),
                let verdict = try await scope.approvals.latestCheck(for: existing.id)?.verdict, !refresh
            else { return (flow, nil, flow == nil || rates == nil ? nil : try await scope.tenant.policy()) }
            return (flow, (existing.id, verdict), nil)
        }
        guard let flow else { return .notMonitored }
        if let (id, verdict) = checked {
            let result = try await synchroniser.synchronise(instance, submissionID: id, tenant: tenantID, app: app)
            return .checked(id, verdict, cardsSent: result.sent)
        }
        return try await check(instance, flow: flow, policy: policy ?? .defaults, app: app, refresh: refresh)
    }

    /// A status change from Lark: the stored status and every card brought in line.
    public func synchronise(instanceCode: String, tenant tenantID: TenantID) async throws -> CardSynchroniser.Result {
        let app = try await larkApp(tenantID)
        let instance = try await lark.instance(instanceCode, app: app)
        guard
            let id = try await storage.withTenant(
                tenantID, { try await $0.approvals.submission(instanceCode: instanceCode)?.id })
        else { return CardSynchroniser.Result() }
        return try await synchroniser.synchronise(instance, submissionID: id, tenant: tenantID, app: app)
    }

    private func larkApp(_ tenantID: TenantID) async throws -> LarkApp {
        guard let app = try await storage.withTenant(tenantID, { try await $0.tenant.larkApp() }) else {
            throw Failure.notConnected
        }
        return app
    }

    /// The stages of a new or re-checked claim: fetch (done by the caller) → read → record in
    /// one transaction → notify.
    private func check(
        _ instance: LarkInstance, flow: MonitoredFlow, policy: PolicySettings, app: LarkApp, refresh: Bool
    ) async throws -> Outcome {
        let now = runtime.clock.now()
        let claim = ClaimReader(mapping: flow.mapping).read(instance.form)
        if let rates {
            await rates.prepare(
                days: CheckInput.daysNeedingRates(
                    claim.lineItems, submittedAt: instance.startedAt ?? now, policy: policy))
        }
        let read = await read(claim, app: app)
        let recorded = try await storage.withTenant(app.tenantID) { [runtime] scope in
            try await CheckRecorder(randomness: runtime.randomness).record(
                instance, flow: flow, claim: claim, read: read, scope: scope, now: now)
        }
        runtime.logger.info(
            "submission checked",
            metadata: [
                "tenant_id": "\(app.tenantID)", "instance_code": "\(instance.instanceCode)",
                "verdict": "\(recorded.check.verdict.rawValue)", "findings": "\(recorded.check.findings.count)",
                "attachments": "\(read.facts.count)", "reused": "\(read.reused)",
            ])
        if read.aiUnavailable && !refresh { try await scheduleRecheck(recorded.submission, now: now) }
        guard recorded.submission.status == .pending else {
            return .checked(recorded.submission.id, recorded.check.verdict, cardsSent: 0)
        }
        let sent = try await notify(
            recorded, read: read, instance: instance, flow: flow, app: app, refresh: refresh, now: now)
        if refresh && read.aiUnavailable { throw Failure.aiStillUnavailable }
        return .checked(recorded.submission.id, recorded.check.verdict, cardsSent: sent)
    }

    /// Read: the attachments into memory, each read by the AI (or reused) and discarded.
    private func read(_ claim: ClaimReader.Claim, app: LarkApp) async -> AttachmentReader.Result {
        let summary = claim.lineItems.first.map { "claimed \($0.amount) \($0.category ?? "") \($0.vendor ?? "")" }
        var reader = AttachmentReader(storage: storage, lark: lark, runtime: runtime)
        reader.limits = limits
        return await reader.read(
            claim.attachments, tenant: app.tenantID, formSummary: summary, reader: readers.reader(for: app))
    }

    /// Notify: approve on Kopi's own when ``AutoApproval`` allows, then one card per pending
    /// approver (re-checked cards updated in place). Returns the cards sent.
    private func notify(
        _ recorded: CheckRecorder.Recorded, read: AttachmentReader.Result, instance: LarkInstance, flow: MonitoredFlow,
        app: LarkApp, refresh: Bool, now: Date
    ) async throws -> Int {
        let (submission, check) = (recorded.submission, recorded.check)
        let auto = AutoApproval.qualifies(check, submission: submission, policy: recorded.policy)
        let localizer = Localizer(policy: recorded.policy, domain: app.domain)
        if auto { try await autoApprove(submission, instance: instance, app: app, localizer: localizer, now: now) }
        let card = CheckCard(
            submission: submission, check: check, extractions: read.extractions, instanceTitle: flow.name,
            auditURL: CheckCard.auditURL(runtime.publicURL, submission.id), localizer: localizer)
        let json = card.json(auto ? .closed(card.text.autoApproved) : .live())
        if refresh { try await refreshCards(json, submission: submission, app: app) }
        return try await synchroniser.sendCards(
            json, verdict: check.verdict, submission: submission, instance: instance, app: app, now: now,
            state: auto ? .final : .open, alreadySent: refresh ? nil : recorded.cards)
    }

    private func scheduleRecheck(_ submission: Submission, now: Date) async throws {
        let job = Job(
            id: runtime.randomness.identifier(), tenantID: submission.tenantID, kind: .recheckInvoices,
            subject: submission.instanceCode,
            runAt: now.addingTimeInterval(recheckDelay), createdAt: now)
        _ = try await storage.withTenant(submission.tenantID) { try await $0.scheduler.enqueue(job) }
    }

    /// Puts the re-checked card in place of every card still open (a tapped or closed card keeps its form).
    private func refreshCards(_ card: String, submission: Submission, app: LarkApp) async throws {
        let cards = try await storage.withTenant(submission.tenantID) {
            try await $0.approvals.cards(for: submission.id)
        }
        let updater = CardUpdater(lark: lark, clock: runtime.clock, logger: runtime.logger)
        for sent in cards where sent.state == .open {
            _ = try await updater.update(sent, to: card, token: nil, app: app)
        }
    }

    /// Approves every pending task and records the decision as Kopi's. It teaches memory nothing,
    /// so automatic approvals can never reinforce themselves.
    private func autoApprove(
        _ submission: Submission, instance: LarkInstance, app: LarkApp, localizer: Localizer, now: Date
    ) async throws {
        for task in instance.pendingTasks {
            try await lark.decide(
                LarkTaskDecision(
                    action: .approve, approvalCode: instance.approvalCode, instanceCode: instance.instanceCode,
                    taskID: task.id,
                    approverOpenID: task.openID, comment: localizer(.commentAutoApproved)), app: app)
        }
        try await storage.withTenant(submission.tenantID) { [runtime] scope in
            try await scope.approvals.saveDecision(
                Decision(
                    id: runtime.randomness.identifier(), tenantID: submission.tenantID, submissionID: submission.id,
                    approver: Decision.kopiApprover,
                    outcome: .approve, decidedAt: now))
            try await audit(scope, submission, .decided, at: now, detail: ["outcome": "approve", "automatic": "true"])
        }
        runtime.logger.info(
            "submission auto-approved",
            metadata: ["tenant_id": "\(submission.tenantID)", "instance_code": "\(submission.instanceCode)"])
    }

    private func audit(
        _ scope: any TenantScope, _ submission: Submission, _ action: AuditEntry.Action, at: Date,
        detail: [String: String]
    ) async throws {
        try await scope.approvals.appendAudit(
            AuditEntry(
                id: runtime.randomness.identifier(), tenantID: submission.tenantID, submissionID: submission.id, at: at,
                actor: "system",
                action: action, detail: detail))
    }
}
