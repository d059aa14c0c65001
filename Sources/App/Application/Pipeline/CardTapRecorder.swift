public import Domain
public import Foundation
public import Ports

/// Records a card tap inside the webhook's transaction and decides what Lark shows the tapper,
/// without calling Lark: Lark allows 3 seconds for the answer, and its API may be slower than
/// that. The tap, the card's `acting` state, an audit entry and the job that acts on Lark commit
/// together, so a crash after the answer loses nothing; the card in the answer shows the pending
/// state, and the worker updates it when Lark has acted.
public struct CardTapRecorder: Sendable {
    let publicURL: URL
    let randomness: any Randomness

    /// The answer, rendered once the transaction has committed: a card with many findings takes
    /// a few milliseconds to render, and the transaction holds the database's writer.
    public struct Recorded: Sendable {
        public let tone: CardAnswer.Tone
        public let message: String
        /// The card that replaces the tapped one, in the form it shows.
        public var card: (render: CheckCard, form: CheckCard.Form)? = nil
        /// Whether a tap was recorded and its job queued.
        public var queued = false

        public func answer() -> CardAnswer {
            CardAnswer(tone: tone, message: message, card: card.map { $0.render.json($0.form) })
        }
    }

    public func record(_ event: LarkEvent, scope: any TenantScope, now: Date) async throws -> Recorded {
        let t = try await Localizer.workspace(scope)
        guard let operatorID = event.operatorOpenID,
            let submissionID = event.actionValue["kopi"].flatMap(SubmissionID.init),
            let choice = event.actionValue["choice"].flatMap(Decision.Outcome.init(rawValue:))
        else { return Recorded(tone: .error, message: t(.toastNotKopi)) }
        guard let submission = try await scope.approvals.submission(submissionID) else {
            return Recorded(tone: .error, message: t(.toastUnknownApproval))
        }
        // Only the approver the card was sent to may act through it (a forwarded card may not).
        guard var card = try await scope.approvals.cards(for: submissionID).first(where: { $0.approver == operatorID })
        else { return Recorded(tone: .warning, message: t(.toastNoTask)) }
        switch card.state {
        case .final: return Recorded(tone: .info, message: t(.toastSettled))
        case .acting: return Recorded(tone: .info, message: t(.toastStillActing))
        case .open: break
        }
        let reason = event.formValue[CheckCard.reasonField].flatMap(DecisionReason.init)
        if choice.needsReason && reason == nil {
            // The live card comes back too: a card sent before reasons existed has no field yet.
            let render = try await CheckCard.load(submission, scope: scope, publicURL: publicURL, localizer: t)
            return Recorded(
                tone: .error, message: CardText(t).reasonNeeded(choice), card: render.map { ($0, .live()) })
        }
        let tap = CardTap(
            id: randomness.identifier(), tenantID: scope.tenantID, submissionID: submissionID, approver: operatorID,
            choice: choice,
            messageID: event.messageID ?? card.messageID, updateToken: event.callbackToken, receivedAt: now,
            reason: reason)
        try await scope.taps.saveTap(tap)
        card.state = .acting
        try await scope.approvals.updateCard(card)
        try await scope.approvals.appendAudit(
            AuditEntry(
                id: randomness.identifier(), tenantID: scope.tenantID, submissionID: submissionID, at: now,
                actor: "lark:\(operatorID)",
                action: .tapped, detail: ["choice": choice.rawValue, "tap_id": tap.id.description]))
        _ = try await scope.scheduler.enqueue(
            Job(
                id: randomness.timeOrderedIdentifier(at: now), tenantID: scope.tenantID, kind: .cardAction,
                subject: tap.id.description,
                runAt: now, createdAt: now))
        let render = try await CheckCard.load(submission, scope: scope, publicURL: publicURL, localizer: t)
        return Recorded(
            tone: .info, message: CardText(t).progress(choice),
            card: render.map { ($0, .pending(choice, reason: reason)) },
            queued: true)
    }
}
