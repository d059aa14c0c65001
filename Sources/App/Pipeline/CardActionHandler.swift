import Domain
import Foundation
import Logging
import Ports

/// Answers a tap on a check card, within Lark's 3 seconds: the tapper must own a pending task of
/// the instance; Approve and Reject act on that Lark task, Ask for info adds a comment; the
/// decision is stored with who and when, and pattern memory learns from approvals and rejections.
struct CardActionHandler: Sendable {
    let services: AppServices

    /// What Lark shows the tapper: a toast, and optionally the card replacing the tapped one.
    struct Answer: Sendable, Equatable {
        enum Tone: String, Sendable { case success, info, warning, error }
        let tone: Tone
        let message: String
        let card: String?

        /// The callback response body Lark expects.
        func json() -> String {
            var object: [String: Any] = ["toast": ["type": tone.rawValue, "content": message]]
            if let card, let data = try? JSONSerialization.jsonObject(with: Data(card.utf8)) { object["card"] = ["type": "raw", "data": data] }
            return CheckCard.text(object)
        }
    }

    func handle(_ event: LarkEvent, tenant tenantID: TenantID) async -> Answer {
        guard let operatorID = event.operatorOpenID, let id = event.actionValue["kopi"].flatMap(SubmissionID.init),
            let choice = event.actionValue["choice"].flatMap(Decision.Outcome.init(rawValue:))
        else { return Answer(tone: .error, message: "This card is not one Kopi can act on.", card: nil) }
        do {
            return try await act(choice, on: id, by: operatorID, tenant: tenantID)
        } catch let error as LarkError where error.kind == .signatureRequired {
            return Answer(tone: .warning, message: "This step needs your handwritten signature: please decide in Lark's Approval app.", card: nil)
        } catch {
            services.logger.warning("card action failed", metadata: ["tenant_id": "\(tenantID)", "error": "\(Worker.code(error))"])
            return Answer(tone: .error, message: "Lark did not accept this just now. Please try again.", card: nil)
        }
    }

    private func act(_ choice: Decision.Outcome, on id: SubmissionID, by operatorID: String, tenant tenantID: TenantID) async throws -> Answer {
        let now = services.clock.now()
        let loaded = try await services.storage.withTenant(tenantID) { scope in
            (try await scope.tenant.larkApp(), try await scope.approvals.submission(id))
        }
        guard let app = loaded.0, let submission = loaded.1 else {
            return Answer(tone: .error, message: "This approval is no longer known to Kopi.", card: nil)
        }
        let instance = try await services.lark.instance(submission.instanceCode, app: app)
        guard let task = instance.pendingTasks.first(where: { $0.openID == operatorID }) else {
            return Answer(tone: .warning, message: "You have no pending task on this approval, so nothing was changed.", card: nil)
        }
        switch choice {
        case .approve, .reject:
            try await services.lark.decide(LarkTaskDecision(
                action: choice == .approve ? .approve : .reject, approvalCode: instance.approvalCode, instanceCode: instance.instanceCode,
                taskID: task.id, approverOpenID: operatorID, comment: "Decided in Kopi"), app: app)
        case .askForInfo:
            _ = try await services.lark.addComment(
                instanceCode: instance.instanceCode, authorOpenID: operatorID,
                text: "Could you add more information about this expense? (asked via Kopi)", app: app)
        }
        let card = try await record(choice, submission: submission, by: operatorID, now: now)
        let message = switch choice {
        case .approve: "Approved."
        case .reject: "Rejected."
        case .askForInfo: "Asked the applicant for more information."
        }
        return Answer(tone: .success, message: message, card: card)
    }

    /// Stores the decision and what memory learns from it; returns the card to show.
    private func record(_ choice: Decision.Outcome, submission: Submission, by operatorID: String, now: Date) async throws -> String? {
        try await services.storage.withTenant(submission.tenantID) { [services] scope in
            try await scope.approvals.saveDecision(Decision(
                id: services.randomness.identifier(), tenantID: submission.tenantID, submissionID: submission.id, approver: operatorID,
                outcome: choice, decidedAt: now))
            try await scope.approvals.appendAudit(AuditEntry(
                id: services.randomness.identifier(), tenantID: submission.tenantID, submissionID: submission.id, at: now,
                actor: "lark:\(operatorID)", action: .decided, detail: ["outcome": choice.rawValue]))
            if choice.isFinal { try await learn(choice, from: submission, scope: scope, now: now) }
            guard let check = try await scope.approvals.latestCheck(for: submission.id) else { return nil }
            let flowName = try await scope.approvals.flow(submission.flowID)?.name ?? "Expense"
            let card = CheckCard(submission: submission, check: check, extractions: try await scope.approvals.extractions(for: submission.id), instanceTitle: flowName)
            return card.decidedJSON(choice)
        }
    }

    /// One pattern per vendor, category and currency; the band widens to every decided amount.
    private func learn(_ choice: Decision.Outcome, from submission: Submission, scope: any TenantScope, now: Date) async throws {
        for line in submission.lineItems {
            guard let vendor = line.vendor.map(VendorName.normalise), !vendor.isEmpty, let category = line.category else { continue }
            let currency = line.amount.currency
            let existing = try await scope.patterns.pattern(vendorKey: vendor, category: category, currency: currency)
            let base = existing ?? LearnedPattern(
                id: services.randomness.identifier(), tenantID: submission.tenantID, vendorKey: vendor, category: category, currency: currency,
                lowerBound: line.amount.minorUnits, upperBound: line.amount.minorUnits, approvals: 0, rejections: 0, lastDecidedAt: now)
            try await scope.patterns.save(base.learning(choice, amount: line.amount, at: now))
        }
    }
}
