import Domain
import Foundation
import Logging
import Ports

/// Processes one approval instance: fetch it, read the claim, read each attachment in memory and
/// discard it, store the submission, extractions and check together, then send each pending
/// approver one card. Every step is idempotent, so a retried job repeats nothing visible: the
/// submission keeps its id and Lark's message `uuid` stops a second card.
struct SubmissionProcessor: Sendable {
    let services: AppServices
    var limits = AttachmentLimits()
    /// When attachments the AI could not read are tried again.
    var recheckDelay: TimeInterval = 10 * 60

    enum Outcome: Hashable, Sendable {
        case checked(SubmissionID, Verdict, cardsSent: Int)
        /// The instance's definition is not a monitored flow; nothing to do.
        case notMonitored
    }

    enum Failure: Error, Hashable {
        /// The workspace has no Lark connection (disconnected meanwhile).
        case notConnected
        /// A re-check found the AI still unavailable; the job is retried later.
        case aiStillUnavailable
    }

    /// With `refresh` (a re-check), cards already sent are updated in place instead of sent again.
    func process(instanceCode: String, tenant tenantID: TenantID, refresh: Bool = false) async throws -> Outcome {
        let now = services.clock.now()
        guard let app = try await services.storage.withTenant(tenantID, { try await $0.tenant.larkApp() }) else { throw Failure.notConnected }
        let instance = try await services.lark.instance(instanceCode, app: app)
        guard let flow = try await services.storage.withTenant(tenantID, { try await $0.approvals.flow(approvalCode: instance.approvalCode) })
        else { return .notMonitored }

        let claim = ClaimReader(mapping: flow.mapping).read(instance.form)
        let summary = claim.lineItems.first.map { "claimed \($0.amount) \($0.category ?? "") \($0.vendor ?? "")" }
        let (facts, extractions, aiUnavailable) = await readAttachments(claim.attachments, formSummary: summary, reader: services.invoiceReader(for: app))

        let (submission, check, policy) = try await services.storage.withTenant(tenantID) { [services] scope in
            let existing = try await scope.approvals.submission(instanceCode: instanceCode)
            let submission = Submission(
                id: existing?.id ?? services.randomness.identifier(), tenantID: tenantID, flowID: flow.id, instanceCode: instanceCode,
                applicant: instance.applicantOpenID, status: instance.submissionStatus ?? .pending, lineItems: claim.lineItems,
                attachments: facts, submittedAt: existing?.submittedAt ?? instance.startedAt ?? now, updatedAt: now)
            try await scope.approvals.saveSubmission(submission)
            for extraction in extractions { try await scope.approvals.saveExtraction(extraction, for: submission.id) }
            let input = try await CheckInputLoader().load(submission, extractions: extractions, scope: scope, now: now)
            let findings = CheckEngine().findings(for: input) + claim.problems.map {
                Finding(dimension: .amount, severity: .yellow, code: "amount.unreadable", message: "The form's \($0).")
            }
            let check = Check(id: services.randomness.identifier(), tenantID: tenantID, submissionID: submission.id, findings: findings, checkedAt: now)
            try await scope.approvals.saveCheck(check)
            // Steps of one run get strictly increasing times, so the timeline's order never depends on ids.
            if existing == nil { try await audit(scope, submission, .received, at: now, detail: ["instance_code": instanceCode]) }
            try await audit(scope, submission, .read, at: now.addingTimeInterval(0.001), detail: [
                "attachments": String(facts.count), "read": String(facts.filter { $0.outcome == .read }.count),
            ])
            try await audit(scope, submission, .checked, at: now.addingTimeInterval(0.002), detail: ["verdict": check.verdict.rawValue, "findings": String(findings.count)])
            return (submission, check, input.policy)
        }
        services.logger.info("submission checked", metadata: [
            "tenant_id": "\(tenantID)", "instance_code": "\(instanceCode)", "verdict": "\(check.verdict.rawValue)",
            "findings": "\(check.findings.count)", "attachments": "\(facts.count)",
        ])
        if aiUnavailable && !refresh { try await scheduleRecheck(submission, now: now) }
        guard submission.status == .pending else { return .checked(submission.id, check.verdict, cardsSent: 0) }
        let auto = Self.qualifiesForAutoApproval(check, submission: submission, policy: policy)
        if auto { try await autoApprove(submission, instance: instance, app: app, now: now) }
        let card = CheckCard(submission: submission, check: check, extractions: extractions, instanceTitle: flow.name)
        let json = auto ? card.autoApprovedJSON() : card.json()
        if refresh { try await refreshCards(json, submission: submission, app: app) }
        let sent = try await sendCards(json, submission: submission, instance: instance, app: app, now: now)
        if refresh && aiUnavailable { throw Failure.aiStillUnavailable }
        return .checked(submission.id, check.verdict, cardsSent: sent)
    }

    /// A status change from Lark: store the new status and, once final, turn every card sent for
    /// the instance into its final form. Returns how many cards were patched.
    func updateStatus(instanceCode: String, tenant tenantID: TenantID) async throws -> Int {
        let now = services.clock.now()
        guard let app = try await services.storage.withTenant(tenantID, { try await $0.tenant.larkApp() }) else { throw Failure.notConnected }
        let instance = try await services.lark.instance(instanceCode, app: app)
        guard let status = instance.submissionStatus else { return 0 }
        let loaded = try await services.storage.withTenant(tenantID) { [services] scope -> (Submission, Check?, [InvoiceExtraction], [CardMessage], String)? in
            guard var submission = try await scope.approvals.submission(instanceCode: instanceCode) else { return nil }
            let changed = submission.status != status
            submission.status = status
            submission.updatedAt = now
            try await scope.approvals.saveSubmission(submission)
            if changed {
                try await scope.approvals.appendAudit(AuditEntry(
                    id: services.randomness.identifier(), tenantID: tenantID, submissionID: submission.id, at: now, actor: "lark",
                    action: .statusChanged, detail: ["status": status.rawValue]))
            }
            let flowName = try await scope.approvals.flow(submission.flowID)?.name ?? "Expense"
            return (submission, try await scope.approvals.latestCheck(for: submission.id), try await scope.approvals.extractions(for: submission.id),
                    try await scope.approvals.cards(for: submission.id), flowName)
        }
        guard let (submission, check, extractions, cards, flowName) = loaded, let check, status.isFinal else { return 0 }
        let final = CheckCard(submission: submission, check: check, extractions: extractions, instanceTitle: flowName).finalJSON(status: status)
        for card in cards { try await services.lark.patchCard(messageID: card.messageID, card: final, app: app) }
        return cards.count
    }

    /// The attachment lifecycle: referenced → fetched into memory → read → discarded. Only facts
    /// and extractions leave this function; the bytes end with each loop iteration.
    func readAttachments(_ references: [AttachmentReference], formSummary: String?, reader: any InvoiceReader) async
        -> (facts: [AttachmentFacts], extractions: [InvoiceExtraction], aiUnavailable: Bool)
    {
        var facts: [AttachmentFacts] = []
        var extractions: [InvoiceExtraction] = []
        var aiUnavailable = false
        var total = 0
        for reference in references {
            let fetched: FetchedAttachment
            do {
                fetched = try await services.lark.download(reference, maxBytes: limits.maxFileBytes)
            } catch {
                let outcome: AttachmentFacts.Outcome = error.kind == .tooLarge ? .tooLarge : .downloadFailed
                facts.append(AttachmentFacts(fileName: reference.fileName, mediaType: nil, size: 0, contentHash: nil, outcome: outcome))
                continue
            }
            total += fetched.size
            if total > limits.maxSubmissionBytes {
                facts.append(fetched.discard(.tooLarge))
                continue
            }
            guard fetched.mediaType != nil else {
                facts.append(fetched.discard(.unsupportedType))
                continue
            }
            do {
                extractions.append(try await reader.read(fetched, formSummary: formSummary))
                facts.append(fetched.discard(.read))
            } catch {
                services.logger.notice("invoice not read", metadata: ["error": "\(error)"])
                aiUnavailable = aiUnavailable || error.kind == .unavailable
                facts.append(fetched.discard(.notRead))
            }
        }
        return (facts, extractions, aiUnavailable)
    }

    private func scheduleRecheck(_ submission: Submission, now: Date) async throws {
        let job = Job(
            id: services.randomness.identifier(), tenantID: submission.tenantID, kind: .recheckInvoices, subject: submission.instanceCode,
            runAt: now.addingTimeInterval(recheckDelay), createdAt: now)
        _ = try await services.storage.withTenant(submission.tenantID) { try await $0.scheduler.enqueue(job) }
    }

    /// Puts the re-checked card in place of every card already sent for the submission.
    private func refreshCards(_ card: String, submission: Submission, app: LarkApp) async throws {
        let cards = try await services.storage.withTenant(submission.tenantID) { try await $0.approvals.cards(for: submission.id) }
        for sent in cards { try await services.lark.patchCard(messageID: sent.messageID, card: card, app: app) }
    }

    /// Off unless the policy names a number of prior approvals: then every line must match a
    /// learned pattern approved at least that often, and nothing else may have been found.
    static func qualifiesForAutoApproval(_ check: Check, submission: Submission, policy: PolicySettings) -> Bool {
        guard let required = policy.autoApproveAfterApprovals, !check.findings.isEmpty else { return false }
        let memory = check.findings.filter { $0.code == "memory.known_pattern" }
        return memory.count == check.findings.count && memory.count == submission.lineItems.count
            && memory.allSatisfy { (Int($0.evidence["approvals"] ?? "") ?? 0) >= required }
    }

    /// Approves every pending task and records the decision as Kopi's. It teaches memory nothing,
    /// so automatic approvals can never reinforce themselves.
    private func autoApprove(_ submission: Submission, instance: LarkInstance, app: LarkApp, now: Date) async throws {
        for task in instance.pendingTasks {
            try await services.lark.decide(LarkTaskDecision(
                action: .approve, approvalCode: instance.approvalCode, instanceCode: instance.instanceCode, taskID: task.id,
                approverOpenID: task.openID, comment: "Auto-approved by Kopi: matches a learned pattern"), app: app)
        }
        try await services.storage.withTenant(submission.tenantID) { [services] scope in
            try await scope.approvals.saveDecision(Decision(
                id: services.randomness.identifier(), tenantID: submission.tenantID, submissionID: submission.id, approver: Decision.kopiApprover,
                outcome: .approve, decidedAt: now))
            try await audit(scope, submission, .decided, at: now.addingTimeInterval(0.003), detail: ["outcome": "approve", "automatic": "true"])
        }
        services.logger.info("submission auto-approved", metadata: ["tenant_id": "\(submission.tenantID)", "instance_code": "\(submission.instanceCode)"])
    }

    /// Sends the card to each pending approver who has none yet.
    private func sendCards(_ card: String, submission: Submission, instance: LarkInstance, app: LarkApp, now: Date) async throws -> Int {
        var sent = 0
        let already = Set(try await services.storage.withTenant(submission.tenantID) { try await $0.approvals.cards(for: submission.id) }.map(\.approver))
        for task in instance.pendingTasks where !already.contains(task.openID) {
            let messageID = try await services.lark.sendCard(
                card, to: task.openID, idempotencyKey: "kopi-\(submission.instanceCode)-\(task.id)", app: app)
            let stored = try await services.storage.withTenant(submission.tenantID) { scope in
                do {
                    try await scope.approvals.saveCard(CardMessage(
                        tenantID: submission.tenantID, submissionID: submission.id, approver: task.openID, messageID: messageID, sentAt: now))
                    let at = max(services.clock.now(), now.addingTimeInterval(0.004))
                    try await audit(scope, submission, .cardSent, at: at, detail: ["message_id": messageID])
                    return true
                } catch StoreError.duplicate {
                    return false
                }
            }
            if stored { sent += 1 }
        }
        return sent
    }

    private func audit(_ scope: any TenantScope, _ submission: Submission, _ action: AuditEntry.Action, at: Date, detail: [String: String]) async throws {
        try await scope.approvals.appendAudit(AuditEntry(
            id: services.randomness.identifier(), tenantID: submission.tenantID, submissionID: submission.id, at: at, actor: "system",
            action: action, detail: detail))
    }
}
