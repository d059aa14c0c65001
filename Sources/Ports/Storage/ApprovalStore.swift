public import Domain
public import Foundation

/// Monitored flows, submissions and everything learned about them, with the audit trail.
public protocol ApprovalStore: Sendable {
    /// Creates or replaces a flow by id. Throws ``StoreError/duplicate`` when another flow of this
    /// tenant already watches the approval code.
    func saveFlow(_ flow: MonitoredFlow) async throws
    /// A flow by id, archived or not.
    func flow(_ id: FlowID) async throws -> MonitoredFlow?
    /// The flow watching an approval code; an archived one only with `includingArchived`.
    func flow(approvalCode: String, includingArchived: Bool) async throws -> MonitoredFlow?
    /// Oldest first; archived flows only with `includingArchived`.
    func flows(includingArchived: Bool) async throws -> [MonitoredFlow]
    /// Stops watching a flow and keeps its history. Throws ``StoreError/notFound`` when absent.
    func archiveFlow(_ id: FlowID, at time: Date) async throws
    /// Deletes a flow that has no history. Throws ``StoreError/notFound`` when absent and
    /// ``StoreError/invalidReference`` when submissions refer to it: history is never deleted
    /// with its flow (the storage restricts it).
    func deleteFlow(_ id: FlowID) async throws

    /// Creates or replaces a submission by id. Throws ``StoreError/duplicate`` when another
    /// submission has the instance code, ``StoreError/invalidReference`` when the flow is unknown,
    /// here or at the transaction's commit (a write that only records: ``Storage/withTenant(_:_:)``).
    func saveSubmission(_ submission: Submission) async throws
    func submission(_ id: SubmissionID) async throws -> Submission?
    func submission(instanceCode: String) async throws -> Submission?
    /// Newest first, filtered, paged.
    func submissions(_ query: SubmissionQuery) async throws -> [Submission]
    /// The current verdict of each of these submissions that was checked.
    func verdicts(of ids: [SubmissionID]) async throws -> [SubmissionID: Verdict]
    /// The latest check of each of these submissions that was checked (one read for a page).
    func latestChecks(of ids: [SubmissionID]) async throws -> [SubmissionID: Check]
    /// The latest decision of each of these submissions that has one (one read for a page).
    func latestDecisions(of ids: [SubmissionID]) async throws -> [SubmissionID: Decision]
    /// What the compliance report needs of each submission submitted in `[from, to)`, oldest
    /// first, at most `limit` rows.
    func reportRows(from: Date, to: Date, limit: Int) async throws -> [ReportRow]
    /// The compliance report's counts over the submissions of `[from, to)`, days cut at
    /// `dayStarts`, counted where the data is: ``ReportFigures/init(rows:from:to:dayStarts:)``
    /// of all of the period's ``reportRows(from:to:limit:)`` without its ``ReportFigures/delays``.
    func reportCounts(from: Date, to: Date, dayStarts: [Date]) async throws -> ReportFigures
    /// The same figures' ``ReportFigures/delays``: a read of their own, so the two may run side
    /// by side (``Storage/readingTenant(_:_:)``).
    func reportDelays(from: Date, to: Date) async throws -> ReportFigures.Delays
    /// The claims submitted in `[from, to)` summed by currency: a claim's base total in its base
    /// currency when its last check converted it, else its own total in its own currency (claims
    /// with mixed currencies and no base total are left out).
    func claimedTotals(from: Date, to: Date) async throws -> [CurrencyTotal]
    /// Claimed totals of other submissions with this category or vendor in one currency (their
    /// base total when the last check converted it to that currency, else their own total when
    /// in it), newest first: the history the amount check compares against.
    func amountHistory(
        category: String?, vendorKey: String?, currency: CurrencyCode, excluding: SubmissionID?, limit: Int
    )
        async throws -> [Int64]

    /// Stores the extraction of one attachment (replacing one with the same content hash).
    func saveExtraction(_ extraction: InvoiceExtraction, for submissionID: SubmissionID) async throws
    func extractions(for submissionID: SubmissionID) async throws -> [InvoiceExtraction]
    /// An extraction of a file with this content hash from any submission of the tenant: the
    /// same file is never sent to the AI twice.
    func extraction(contentHash: String) async throws -> InvoiceExtraction?
    /// Other submissions holding an invoice with this content hash or invoice key, in id order,
    /// at most `limit` of them.
    func submissionsWithInvoice(contentHash: String?, invoiceKey: String?, excluding: SubmissionID, limit: Int)
        async throws -> [InvoiceHolder]

    /// Stores a check; unless a later check is stored, the submission's current verdict becomes this check's.
    func saveCheck(_ check: Check) async throws
    func latestCheck(for submissionID: SubmissionID) async throws -> Check?

    func saveDecision(_ decision: Decision) async throws
    func decisions(for submissionID: SubmissionID) async throws -> [Decision]

    /// Records a sent card. Throws ``StoreError/duplicate`` for the same submission and approver,
    /// here or at the transaction's commit (``Storage/withTenant(_:_:)``).
    func saveCard(_ card: CardMessage) async throws
    /// Replaces the card of the same submission and approver (a new state, or a new message for
    /// a later task of the same approver). Throws ``StoreError/notFound`` when there is none.
    func updateCard(_ card: CardMessage) async throws
    func cards(for submissionID: SubmissionID) async throws -> [CardMessage]
    /// Open cards of pending claims sent before `sentBefore` and never reminded, oldest first,
    /// at most `limit`: the candidates for a reminder.
    func cardsAwaitingReminder(sentBefore: Date, limit: Int) async throws -> [CardMessage]
    /// Records the reminder of the card of this submission and approver, changing nothing else;
    /// false when the card is gone or was already reminded.
    func markReminded(submissionID: SubmissionID, approver: String, at time: Date) async throws -> Bool

    func appendAudit(_ entry: AuditEntry) async throws
    /// In the order the entries were appended (their ``AuditEntry/sequence``).
    func auditTrail(for submissionID: SubmissionID) async throws -> [AuditEntry]

    /// Deletes the history from before `cutoff`: claims no longer pending that were submitted
    /// before it, with every row that refers to them (extractions, checks, decisions, cards,
    /// taps, findings, audit entries), and the workspace's own audit entries written before it.
    /// A pending claim stays whatever its age. Learned patterns stay.
    func purgeHistory(before cutoff: Date) async throws -> HistoryPurge
}

/// What ``ApprovalStore/purgeHistory(before:)`` deleted.
public struct HistoryPurge: Hashable, Sendable {
    public var submissions: Int
    /// Audit entries of the workspace itself (a claim's entries go with the claim).
    public var workspaceAuditEntries: Int

    public init(submissions: Int = 0, workspaceAuditEntries: Int = 0) {
        self.submissions = submissions
        self.workspaceAuditEntries = workspaceAuditEntries
    }
}

/// A submission that holds an invoice, named as the check reports it.
public struct InvoiceHolder: Hashable, Sendable {
    public let submissionID: SubmissionID
    public let instanceCode: String

    public init(submissionID: SubmissionID, instanceCode: String) {
        self.submissionID = submissionID
        self.instanceCode = instanceCode
    }
}

/// Filters and paging for listing submissions.
public struct SubmissionQuery: Hashable, Sendable {
    public var status: SubmissionStatus?
    public var verdict: Verdict?
    public var flowID: FlowID?
    /// Normalised vendor (``Submission/vendorKey``).
    public var vendorKey: String?
    /// The applicant's Lark open id.
    public var applicant: String?
    public var submittedFrom: Date?
    public var submittedBefore: Date?
    /// Claimed total in this currency, its minor units in this range.
    public var claimedTotal: TotalRange?
    /// Only submissions after this one in the list's order (newest first): keyset paging, which
    /// stays exact while claims arrive and costs the same on the last page as on the first.
    public var after: SubmissionCursor?
    public var limit: Int
    public var offset: Int

    public init(
        status: SubmissionStatus? = nil, verdict: Verdict? = nil, flowID: FlowID? = nil, vendorKey: String? = nil,
        submittedFrom: Date? = nil, submittedBefore: Date? = nil, claimedTotal: TotalRange? = nil,
        after: SubmissionCursor? = nil, limit: Int = 50, offset: Int = 0, applicant: String? = nil
    ) {
        self.applicant = applicant
        self.status = status
        self.verdict = verdict
        self.flowID = flowID
        self.vendorKey = vendorKey
        self.submittedFrom = submittedFrom
        self.submittedBefore = submittedBefore
        self.claimedTotal = claimedTotal
        self.after = after
        self.limit = max(0, min(limit, 500))
        self.offset = max(0, offset)
    }
}

/// Where a page of the newest-first list ended: its last submission's time and id.
public struct SubmissionCursor: Hashable, Sendable {
    public let submittedAt: Date
    public let id: SubmissionID

    public init(_ submission: Submission) {
        submittedAt = submission.submittedAt
        id = submission.id
    }
}

/// Claimed totals in one currency within a range of minor units.
public struct TotalRange: Hashable, Sendable {
    public let currency: CurrencyCode
    public let minorUnits: ClosedRange<Int64>

    public init(currency: CurrencyCode, minorUnits: ClosedRange<Int64>) {
        self.currency = currency
        self.minorUnits = minorUnits
    }
}

extension ApprovalStore {
    /// The active flow watching an approval code.
    public func flow(approvalCode: String) async throws -> MonitoredFlow? {
        try await flow(approvalCode: approvalCode, includingArchived: false)
    }

    /// The active flows, oldest first.
    public func flows() async throws -> [MonitoredFlow] { try await flows(includingArchived: false) }

    /// The whole of the report's figures, counts and delays, in this one transaction.
    public func reportFigures(from: Date, to: Date, dayStarts: [Date]) async throws -> ReportFigures {
        var figures = try await reportCounts(from: from, to: to, dayStarts: dayStarts)
        figures.delays = try await reportDelays(from: from, to: to)
        return figures
    }
}
