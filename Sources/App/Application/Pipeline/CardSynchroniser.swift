public import Domain
public import Foundation
import Logging
public import Ports

/// Keeps a known submission and its cards in line with the Lark instance: stores a changed
/// status; closes each open card whose approver no longer has a pending task (decided in Lark's
/// own app, transferred, done by another approver, rolled back) or whose instance ended; and
/// sends a card to each pending approver who has none (a later level, an added signer, a
/// transfer), from the stored check: no download and no AI call.
public struct CardSynchroniser: Sendable {
    let storage: any Storage
    let lark: any LarkGateway
    let runtime: Runtime

    public struct Result: Hashable, Sendable {
        public var sent = 0
        public var closed = 0
    }

    public var updater: CardUpdater { CardUpdater(lark: lark, clock: runtime.clock, logger: runtime.logger) }

    public func synchronise(_ instance: LarkInstance, submissionID: SubmissionID, tenant: TenantID, app: LarkApp)
        async throws -> Result
    {
        let now = runtime.clock.now()
        let loaded = try await storage.withTenant(tenant) {
            [runtime] scope -> (Submission, CheckCard?, [CardMessage])? in
            guard var submission = try await scope.approvals.submission(submissionID) else { return nil }
            if let status = instance.submissionStatus, status != submission.status {
                submission.status = status
                submission.updatedAt = now
                try await scope.approvals.saveSubmission(submission)
                try await scope.approvals.appendAudit(
                    AuditEntry(
                        id: runtime.randomness.identifier(), tenantID: tenant, submissionID: submission.id, at: now,
                        actor: "lark",
                        action: .statusChanged, detail: ["status": status.rawValue]))
            }
            let card = try await CheckCard.load(submission, scope: scope, publicURL: runtime.publicURL)
            return (submission, card, try await scope.approvals.cards(for: submission.id))
        }
        guard let (submission, card, cards) = loaded, let card else { return Result() }
        var result = Result()
        for var sent in cards where sent.state == .open {
            let closing: String
            if submission.status.isFinal {
                closing = card.text.final(submission.status)
            } else if let pending = instance.pendingTasks.first(where: { $0.openID == sent.approver }) {
                // Still pending (perhaps a new task of the same approver): the card acts on it.
                if pending.id != sent.taskID {
                    sent.taskID = pending.id
                    try await storage.withTenant(tenant) { [sent] in try await $0.approvals.updateCard(sent) }
                }
                continue
            } else {
                let task =
                    instance.tasks.last { $0.openID == sent.approver && $0.id == sent.taskID }
                    ?? instance.tasks.last { $0.openID == sent.approver }
                closing = card.text.taskEnded(task?.status ?? "")
            }
            _ = try await updater.update(sent, to: card.json(.closed(closing)), token: nil, app: app)
            sent.state = .final
            try await storage.withTenant(tenant) { [sent] in try await $0.approvals.updateCard(sent) }
            result.closed += 1
        }
        if !submission.status.isFinal {
            result.sent = try await sendCards(
                card.json(), verdict: card.check.verdict, submission: submission, instance: instance, app: app, now: now
            )
        }
        if result != Result() {
            runtime.logger.info(
                "cards synchronised",
                metadata: [
                    "tenant_id": "\(tenant)", "instance_code": "\(submission.instanceCode)", "sent": "\(result.sent)",
                    "closed": "\(result.closed)",
                ])
        }
        return result
    }

    /// Sends the card to each pending approver who has no live card for the task, as Lark's
    /// message `uuid` for (tenant, instance, task) allows once an hour and Kopi's own record
    /// allows once. An approver Lark cannot reach is noted on the audit page, once per task.
    public func sendCards(
        _ json: String, verdict: Verdict, submission: Submission, instance: LarkInstance, app: LarkApp, now: Date,
        state: CardMessage.State = .open, alreadySent: [CardMessage]? = nil
    ) async throws -> Int {
        let tenant = submission.tenantID
        let cards: [CardMessage]
        if let alreadySent {
            cards = alreadySent
        } else {
            cards = try await storage.withTenant(tenant) { try await $0.approvals.cards(for: submission.id) }
        }
        var sent = 0
        for task in instance.pendingTasks {
            let existing = cards.first { $0.approver == task.openID }
            if let existing, existing.state != .final || existing.taskID == task.id { continue }
            let key = CardIdempotencyKey.make(tenant: tenant, instanceCode: submission.instanceCode, taskID: task.id)
            let outcome = await Self.capture { () async throws(LarkError) in
                try await lark.sendCard(json, to: task.openID, idempotencyKey: key, app: app)
            }
            let messageID: String
            switch outcome {
            case .success(let id):
                messageID = id
            case .failure(let error) where error.kind == .notReachable:
                try await noteUndeliverable(task, submission: submission, error: error, now: now)
                continue
            case .failure(let error):
                throw error
            }
            let card = CardMessage(
                tenantID: tenant, submissionID: submission.id, approver: task.openID, messageID: messageID,
                taskID: task.id, state: state,
                sentAt: now)
            let stored = try await storage.withTenant(tenant) { [runtime] scope in
                do {
                    if existing != nil {
                        try await scope.approvals.updateCard(card)
                    } else {
                        try await scope.approvals.saveCard(card)
                    }
                    try await scope.approvals.appendAudit(
                        AuditEntry(
                            id: runtime.randomness.identifier(), tenantID: tenant, submissionID: submission.id,
                            at: runtime.clock.now(), actor: "system", action: .cardSent,
                            detail: ["message_id": messageID, "task_id": task.id]))
                    return true
                } catch StoreError.duplicate {
                    return false
                }
            }
            if stored {
                sent += 1
                runtime.metrics.cardSent(verdict)
            }
        }
        return sent
    }

    private static func capture<Value>(_ body: () async throws(LarkError) -> Value) async
        -> Swift.Result<Value, LarkError>
    {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    /// Lark cannot deliver to this approver (outside the app's availability range, or the bot
    /// capability off): the audit page says so, once per task, and the job carries on.
    private func noteUndeliverable(_ task: LarkTask, submission: Submission, error: LarkError, now: Date) async throws {
        runtime.logger.warning(
            "card not deliverable",
            metadata: [
                "tenant_id": "\(submission.tenantID)", "instance_code": "\(submission.instanceCode)",
                "error": "\(error)",
            ])
        try await storage.withTenant(submission.tenantID) { [runtime] scope in
            let trail = try await scope.approvals.auditTrail(for: submission.id)
            guard !trail.contains(where: { $0.action == .cardFailed && $0.detail["task_id"] == task.id }) else {
                return
            }
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: submission.tenantID, submissionID: submission.id,
                    at: runtime.clock.now(), actor: "system", action: .cardFailed,
                    detail: [
                        "task_id": task.id, "approver": task.openID, "error": error.description,
                        "reason": error.code == 230006 ? "bot_disabled" : "outside_availability",
                    ]))
        }
    }
}
