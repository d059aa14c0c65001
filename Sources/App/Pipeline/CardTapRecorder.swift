import Domain
import Foundation
import Ports

/// Records a card tap inside the webhook's transaction and decides what Lark shows the tapper,
/// without calling Lark: Lark allows 3 seconds for the answer, and its API may be slower than
/// that. The tap, the card's `acting` state, an audit entry and the job that acts on Lark commit
/// together, so a crash after the answer loses nothing; the card in the answer shows the pending
/// state, and the worker updates it when Lark has acted.
struct CardTapRecorder: Sendable {
    let publicURL: URL

    func record(_ event: LarkEvent, scope: any TenantScope, tapID: TapID, jobID: JobID, now: Date) async throws -> CardAnswer {
        guard let operatorID = event.operatorOpenID, let submissionID = event.actionValue["kopi"].flatMap(SubmissionID.init),
            let choice = event.actionValue["choice"].flatMap(Decision.Outcome.init(rawValue:))
        else { return CardAnswer(tone: .error, message: "This card is not one Kopi can act on.", card: nil) }
        guard let submission = try await scope.approvals.submission(submissionID) else {
            return CardAnswer(tone: .error, message: "This approval is no longer known to Kopi.", card: nil)
        }
        // Only the approver the card was sent to may act through it (a forwarded card may not).
        guard var card = try await scope.approvals.cards(for: submissionID).first(where: { $0.approver == operatorID }) else {
            return CardAnswer(tone: .warning, message: "You have no pending task on this approval, so nothing was changed.", card: nil)
        }
        switch card.state {
        case .final: return CardAnswer(tone: .info, message: "This approval is already settled.", card: nil)
        case .acting: return CardAnswer(tone: .info, message: "Kopi is still acting on your last tap.", card: nil)
        case .open: break
        }
        let tap = CardTap(
            id: tapID, tenantID: scope.tenantID, submissionID: submissionID, approver: operatorID, choice: choice,
            messageID: event.messageID ?? card.messageID, updateToken: event.callbackToken, receivedAt: now)
        try await scope.taps.saveTap(tap)
        card.state = .acting
        try await scope.approvals.updateCard(card)
        try await scope.approvals.appendAudit(AuditEntry(
            id: Identifier(tapID.uuid), tenantID: scope.tenantID, submissionID: submissionID, at: now, actor: "lark:\(operatorID)",
            action: .tapped, detail: ["choice": choice.rawValue, "tap_id": tapID.description]))
        _ = try await scope.scheduler.enqueue(Job(
            id: jobID, tenantID: scope.tenantID, kind: .cardAction, subject: tapID.description, runAt: now, createdAt: now))
        let pending = try await CheckCard.load(submission, scope: scope, publicURL: publicURL)?.json(.pending(choice))
        return CardAnswer(tone: .info, message: CheckCard.progress(choice), card: pending)
    }
}
