public import Domain
public import Foundation
import Logging
public import Ports

/// Sends one reminder to each approver whose card has waited the workspace's number of working
/// days (`PolicySettings.reminderAfterWorkingDays`), during working hours in the policy's time
/// zone. The card records the reminder, so no approver gets two; Lark's `uuid` keeps a sweep that
/// dies between sending and recording from sending twice. One instance sweeps at a time (a
/// named lease).
public struct ReminderSweep: Sendable {
    let storage: any Storage
    let lark: any LarkGateway
    let runtime: Runtime
    /// Cards examined per workspace and sweep.
    public var batch = 200
    public var owner = UUID().uuidString
    public var leaseDuration: TimeInterval = 10 * 60

    public static let leaseName = "reminder-sweep"

    public init(storage: any Storage, lark: any LarkGateway, runtime: Runtime) {
        self.storage = storage
        self.lark = lark
        self.runtime = runtime
    }

    public struct Report: Hashable, Sendable {
        public var sent = 0
        public var failures = 0
        /// Another instance holds the sweep's lease.
        public var skipped = false
    }

    public func runAll() async -> Report {
        let leases = storage.leases
        guard
            (try? await leases.acquire(Self.leaseName, owner: owner, for: leaseDuration, now: runtime.clock.now()))
                == true
        else { return Report(skipped: true) }
        var total = Report()
        for tenant in (try? await storage.directory.allTenants()) ?? [] {
            let report = await run(tenant.id)
            total.sent += report.sent
            total.failures += report.failures
        }
        try? await leases.release(Self.leaseName, owner: owner)
        return total
    }

    /// One workspace's due reminders.
    public func run(_ tenantID: TenantID) async -> Report {
        var report = Report()
        let now = runtime.clock.now()
        do {
            // One read: the policy, the app and the candidates. N working days are at least N
            // calendar days, a bound the database can use; the schedule decides exactly.
            let (policy, app, waiting) = try await storage.withTenant(tenantID) {
                [batch] scope -> (PolicySettings, LarkApp?, [CardMessage]) in
                let policy = try await scope.tenant.policy()
                let bound = now.addingTimeInterval(-Double(policy.reminderAfterWorkingDays) * 86400)
                let off =
                    policy.reminderAfterWorkingDays == 0
                    || !ReminderSchedule.isWorkingHour(now, calendar: policy.calendar)
                guard !off else { return (policy, nil, []) }
                return (
                    policy, try await scope.tenant.larkApp(),
                    try await scope.approvals.cardsAwaitingReminder(sentBefore: bound, limit: batch)
                )
            }
            guard let app else { return report }
            for card in waiting where ReminderSchedule.isDue(sentAt: card.sentAt, now: now, policy: policy) {
                do {
                    try await remind(card, policy: policy, app: app, now: now)
                    report.sent += 1
                } catch {
                    report.failures += 1
                    runtime.logger.warning(
                        "reminder not sent",
                        metadata: [
                            "tenant_id": "\(tenantID)", "submission_id": "\(card.submissionID)", "error": "\(error)",
                        ])
                }
            }
        } catch {
            report.failures += 1
            runtime.logger.warning(
                "reminder sweep failed", metadata: ["tenant_id": "\(tenantID)", "error": "\(error)"])
        }
        return report
    }

    private func remind(_ card: CardMessage, policy: PolicySettings, app: LarkApp, now: Date) async throws {
        guard
            let submission = try await storage.withTenant(
                card.tenantID,
                { scope in
                    try await scope.approvals.submission(card.submissionID)
                })
        else { return }
        let reminder = ReminderCard(
            submission: submission, card: card, workingDays: policy.reminderAfterWorkingDays,
            auditURL: "\(runtime.baseURL)/approvals/\(submission.id)",
            localizer: Localizer(policy: policy, domain: app.domain))
        let messageID = try await lark.sendCard(
            reminder.json(), to: card.approver, idempotencyKey: reminder.idempotencyKey, app: app)
        try await storage.withTenant(card.tenantID) { [runtime] scope in
            guard
                try await scope.approvals.markReminded(
                    submissionID: card.submissionID, approver: card.approver, at: now)
            else { return }
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: card.tenantID, submissionID: card.submissionID,
                    at: now, actor: "system", action: .reminderSent,
                    detail: ["message_id": messageID, "card_message_id": card.messageID]))
        }
    }
}
