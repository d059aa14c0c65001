public import Domain
public import Foundation
public import Ports

/// The approvals list and the audit view of one approval, read in one transaction each (on
/// SQLite the writer's, whose larger page cache serves these short reads best). The CSV export,
/// page after page of 500, reads beside the writes (``Storage/readingTenant(_:_:)``).
public struct ApprovalQueries: Sendable {
    let storage: any Storage
    /// Dates the CSV export's file name.
    let clock: any WallClock

    public struct Page: Sendable {
        public let items: [(submission: Submission, verdict: Verdict?)]
        public let query: SubmissionQuery
        public let hasMore: Bool
    }

    public struct Detail: Sendable {
        public let submission: Submission
        public let flow: MonitoredFlow?
        public let extractions: [InvoiceExtraction]
        public let check: Check?
        public let decisions: [Decision]
        public let cards: [CardMessage]
        public let audit: [AuditEntry]

        /// Received, read, checked, card sent, decided: the milestones of the audit trail in order.
        public var timeline: [(at: Date, what: String, actor: String)] { timeline(Localizer(.english)) }

        /// The timeline in `t`'s language.
        public func timeline(_ t: Localizer) -> [(at: Date, what: String, actor: String)] {
            audit.map { entry in
                let detail = entry.detail
                let what: String =
                    switch entry.action {
                    case .received: t(.eventReceived)
                    case .read: t(.eventRead)
                    case .checked: t(.eventChecked, ["verdict": detail["verdict"] ?? ""])
                    case .cardSent: t(.eventCardSent)
                    case .cardFailed: ApprovalQueries.undelivered(detail["reason"], t)
                    case .tapped: t(.eventTapped, ["choice": detail["choice"] ?? ""])
                    case .decided where detail["outcome"] == Decision.Outcome.askForInfo.rawValue: t(.eventAsked)
                    case .decided: t(.eventDecided, ["outcome": detail["outcome"] ?? ""])
                    case .actionFailed: t(.eventActionFailed, ["error": detail["error"] ?? ""])
                    case .statusChanged: t(.eventStatus, ["status": detail["status"] ?? ""])
                    case .reminderSent: t(.eventReminder)
                    default: entry.action.rawValue
                    }
                return (entry.at, what, entry.actor)
            }
        }
    }

    /// Why a card did not reach an approver, with what an admin can do about it.
    public static func undelivered(_ reason: String?, _ t: Localizer = Localizer(.english)) -> String {
        reason == "bot_disabled" ? t(.eventBotDisabled) : t(.eventOutsideRange)
    }

    public func list(_ query: SubmissionQuery, caller: Caller) async throws -> Page {
        try await storage.withTenant(caller.tenantID) { scope in try await Self.page(query, scope) }
    }

    /// The list page's reads: the page, and what the page shows around it (the workspace, the
    /// policy's time zone, whether any flow is watched), in one transaction.
    public struct ListContext: Sendable {
        public let page: Page
        public let tenant: Tenant
        public let timeZone: TimeZone
        public let watchesFlows: Bool
    }

    public func listContext(_ query: SubmissionQuery, caller: Caller) async throws -> ListContext {
        try await storage.withTenant(caller.tenantID) { scope in
            ListContext(
                page: try await Self.page(query, scope), tenant: try await scope.tenant.tenant(),
                timeZone: try await scope.tenant.policy().calendar.timeZone,
                watchesFlows: !(try await scope.approvals.flows()).isEmpty)
        }
    }

    private static func page(_ query: SubmissionQuery, _ scope: any TenantScope) async throws -> Page {
        var probe = query
        probe.limit = query.limit + 1
        let submissions = try await scope.approvals.submissions(probe)
        let verdicts = try await scope.approvals.verdicts(of: submissions.map(\.id))
        let items = submissions.prefix(query.limit).map { ($0, verdicts[$0.id]) }
        return Page(items: Array(items), query: query, hasMore: submissions.count > query.limit)
    }

    public func detail(_ id: SubmissionID, caller: Caller) async throws -> Detail {
        try await storage.withTenant(caller.tenantID) { scope in
            let approvals = scope.approvals
            guard let submission = try await approvals.submission(id) else { throw ApplicationError.notFound }
            return Detail(
                submission: submission, flow: try await approvals.flow(submission.flowID),
                extractions: try await approvals.extractions(for: id), check: try await approvals.latestCheck(for: id),
                decisions: try await approvals.decisions(for: id), cards: try await approvals.cards(for: id),
                audit: try await approvals.auditTrail(for: id))
        }
    }
}
