public import Domain
import Foundation
import Logging
import Ports

/// Acts on Lark for a recorded card tap, in the background: checks the tapper still has a
/// pending task, approves or rejects it with the approver's reason as the task's comment or
/// posts their question (mentioning the applicant, so Lark notifies them), records the decision
/// and what memory learns, and then updates the card — with the callback's token once the answer
/// has reached Lark, else by patching the message.
///
/// Idempotent: a retried job finds a settled tap and only puts its card in place again, and a
/// tap whose decision reached Lark before a crash is recognised from the task's new status.
public struct CardActionProcessor: Sendable {
    let storage: any Storage
    let lark: any LarkGateway
    let runtime: Runtime
    /// Lark applies a token update only after the callback's answer arrived; Kopi answers within
    /// milliseconds of recording the tap, so acting this long after the tap is safely after.
    public var answerGrace: Duration = .seconds(1)

    /// How a tap ended, for its card and the audit trail.
    public enum Settlement: Equatable, Sendable {
        case done(commentID: String?)
        case failed(code: String)
    }

    public static let noPendingTaskCode = "tap.no_pending_task"

    public func perform(tapID: TapID, tenant: TenantID) async throws {
        guard let (app, tap) = try await load(tapID, tenant: tenant) else { return }
        if tap.state == .pending {
            let settlement: Settlement
            do {
                settlement = try await act(on: tap, app: app)
            } catch let error as LarkError where !error.isRetryable {
                settlement = .failed(code: error.description)
            }
            try await record(settlement, of: tap)
        }
        try await updateCard(of: tapID, tenant: tenant, app: app)
    }

    /// The job died after its last retry (Lark unavailable throughout): the tap is given up and
    /// the card's buttons come back with a note, so the approver can try again.
    public func abandon(tapID: TapID, tenant: TenantID, code: String) async {
        do {
            guard let (app, tap) = try await load(tapID, tenant: tenant), tap.state == .pending else { return }
            try await record(.failed(code: code), of: tap, reopen: true)
            try await updateCard(of: tapID, tenant: tenant, app: app)
        } catch {
            runtime.logger.error(
                "card tap not settled",
                metadata: ["tenant_id": "\(tenant)", "tap_id": "\(tapID)", "error": "\(Worker.code(error))"])
        }
    }

    private func load(_ tapID: TapID, tenant: TenantID) async throws -> (LarkApp, CardTap)? {
        let loaded = try await storage.withTenant(tenant) { scope in
            (try await scope.tenant.larkApp(), try await scope.taps.tap(tapID))
        }
        guard let tap = loaded.1 else { return nil }
        guard let app = loaded.0 else { throw SubmissionProcessor.Failure.notConnected }
        return (app, tap)
    }

    /// The Lark side of the tap. Throws retryable Lark errors (the job retries) and permanent
    /// ones (the tap fails with the code).
    private func act(on tap: CardTap, app: LarkApp) async throws -> Settlement {
        let (found, localizer) = try await storage.withTenant(tap.tenantID) { scope in
            (try await scope.approvals.submission(tap.submissionID), try await Localizer.workspace(scope))
        }
        guard let submission = found else { return .failed(code: Self.noPendingTaskCode) }
        let instance = try await lark.instance(submission.instanceCode, app: app)
        let tasks = instance.tasks.filter { $0.openID == tap.approver }
        guard let task = tasks.first(where: { $0.status == "PENDING" }) else {
            // A decision that reached Lark before a crash shows as the task's new status.
            let expected = tap.choice == .approve ? "APPROVED" : "REJECTED"
            return tap.choice.isFinal && tasks.contains(where: { $0.status == expected })
                ? .done(commentID: nil) : .failed(code: Self.noPendingTaskCode)
        }
        switch tap.choice {
        case .approve, .reject:
            try await lark.decide(
                LarkTaskDecision(
                    action: tap.choice == .approve ? .approve : .reject, approvalCode: instance.approvalCode,
                    instanceCode: instance.instanceCode,
                    taskID: task.id, approverOpenID: tap.approver,
                    comment: tap.reason?.text ?? localizer(.commentDecided)),
                app: app)
            return .done(commentID: nil)
        case .askForInfo:
            let id = try await lark.addComment(
                instanceCode: instance.instanceCode, authorOpenID: tap.approver,
                text: tap.reason?.text ?? localizer(.commentDefaultQuestion),
                mentioning: LarkMention(openID: instance.applicantOpenID, name: localizer(.commentApplicant)), app: app)
            return .done(commentID: id)
        }
    }

    /// Stores the outcome with the card's next state, in one transaction.
    private func record(_ settlement: Settlement, of tap: CardTap, reopen: Bool = false) async throws {
        let now = runtime.clock.now()
        try await storage.withTenant(tap.tenantID) { [runtime] scope in
            var tap = tap
            var card = try await scope.approvals.cards(for: tap.submissionID).first { $0.approver == tap.approver }
            let audit: AuditEntry
            switch settlement {
            case .done(let commentID):
                tap.state = .done
                try await scope.approvals.saveDecision(
                    Decision(
                        id: runtime.randomness.identifier(), tenantID: tap.tenantID, submissionID: tap.submissionID,
                        approver: tap.approver, outcome: tap.choice, decidedAt: now, reason: tap.reason))
                var detail = ["outcome": tap.choice.rawValue, "tap_id": tap.id.description]
                detail["comment_id"] = commentID
                audit = AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: tap.tenantID, submissionID: tap.submissionID,
                    at: now,
                    actor: "lark:\(tap.approver)", action: .decided, detail: detail)
                if tap.choice.isFinal, let submission = try await scope.approvals.submission(tap.submissionID) {
                    try await PatternLearner(randomness: runtime.randomness).learn(
                        tap.choice, from: submission, scope: scope, now: now)
                }
                card?.state = tap.choice.isFinal ? .final : .open
            case .failed(let code):
                tap.state = .failed
                tap.failure = code
                audit = AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: tap.tenantID, submissionID: tap.submissionID,
                    at: now,
                    actor: "system", action: .actionFailed,
                    detail: ["choice": tap.choice.rawValue, "error": code, "tap_id": tap.id.description])
                card?.state = reopen ? .open : .final
            }
            try await scope.taps.updateTap(tap)
            try await scope.approvals.appendAudit(audit)
            if let card { try await scope.approvals.updateCard(card) }
        }
        runtime.logger.info(
            "card tap settled",
            metadata: [
                "tenant_id": "\(tap.tenantID)", "tap_id": "\(tap.id)", "choice": "\(tap.choice.rawValue)",
                "outcome": "\(settlement)",
            ])
    }

    /// Puts the settled tap's card in place: after the answer grace, with the callback token
    /// while Lark accepts it, else by patching; the token is spent afterwards.
    private func updateCard(of tapID: TapID, tenant: TenantID, app: LarkApp) async throws {
        let loaded = try await storage.withTenant(tenant) { [runtime] scope -> (CardTap, CardMessage, CheckCard)? in
            guard let tap = try await scope.taps.tap(tapID), tap.state != .pending,
                let card = try await scope.approvals.cards(for: tap.submissionID).first(where: {
                    $0.approver == tap.approver
                }),
                let submission = try await scope.approvals.submission(tap.submissionID),
                let render = try await CheckCard.load(submission, scope: scope, publicURL: runtime.publicURL)
            else { return nil }
            return (tap, card, render)
        }
        guard let (tap, card, render) = loaded else { return }
        let wait = tap.receivedAt.addingTimeInterval(answerGrace.timeInterval).timeIntervalSince(runtime.clock.now())
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
        let token = tap.canUseToken(at: runtime.clock.now()) ? tap.updateToken : nil
        let updater = CardUpdater(lark: lark, clock: runtime.clock, logger: runtime.logger)
        _ = try await updater.update(
            card, to: render.json(Self.form(after: tap, card: card, text: render.text)), token: token, app: app)
        if tap.updateToken != nil {
            var spent = tap
            spent.updateToken = nil
            try await storage.withTenant(tenant) { [spent] in try await $0.taps.updateTap(spent) }
        }
    }

    /// The card's form once the tap is settled.
    public static func form(after tap: CardTap, card: CardMessage, text: CardText) -> CheckCard.Form {
        switch (tap.state, tap.failure) {
        case (.done, _):
            let said = text.decided(tap.choice, reason: tap.reason)
            return tap.choice.isFinal ? .closed(said) : .live(note: said)
        case (_, noPendingTaskCode?):
            return .closed(text.noPendingTask)
        case (_, let code?) where code.hasPrefix("lark.signature_required"):
            return .closed(text.signatureRequired)
        case (_, let code):
            return card.state == .open
                ? .live(note: text.refused(code ?? "unknown", retry: true)) : .closed(text.refused(code ?? "unknown"))
        }
    }
}
