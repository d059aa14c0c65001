public import Domain

/// What a workspace holds about one person, its erasure, and the workspace's whole history read
/// page by page for its export (PDPA/GDPR requests). A person is named in claims (as applicant),
/// decisions, cards and taps (as approver) and audit entries (as actor or in the detail).
public protocol PersonalDataStore: Sendable {
    /// Every record of this workspace that names the person. Taps come without their update token.
    func records(of person: PersonReference) async throws -> PersonalRecords

    /// Replaces the person by `pseudonym` in every claim, decision, card, tap and audit entry of
    /// this workspace, and removes the free text of their claims and of their invoices'
    /// extractions (``PersonalDataErasure``); taps lose their update token. Figures stay: amounts,
    /// dates, verdicts, outcomes and times are unchanged, so the report counts the same.
    func erase(_ person: PersonReference, as pseudonym: Pseudonym) async throws -> PersonalDataErasureCounts

    /// Every check of a claim, oldest first.
    func checks(for submissionID: SubmissionID) async throws -> [Check]
    /// The ids of the workspace's claims after `cursor` (all from the start when nil), in an
    /// order that is stable while claims are added, at most `limit` of them.
    func claimIDs(after cursor: SubmissionID?, limit: Int) async throws -> [SubmissionID]
    /// The workspace's own audit entries (those of no claim) after `cursor` (all from the start
    /// when nil), in the workspace's order, at most `limit` of them.
    func workspaceAudit(after cursor: AuditEntry?, limit: Int) async throws -> [AuditEntry]
}

/// The records of a workspace that name one person.
public struct PersonalRecords: Hashable, Sendable {
    /// Claims the person submitted, oldest first.
    public var claims: [Submission]
    /// Decisions the person made, oldest first.
    public var decisions: [Decision]
    /// Cards sent to the person, oldest first.
    public var cards: [CardMessage]
    /// The person's taps, oldest first, without update tokens.
    public var taps: [CardTap]
    /// Entries naming the person, in the workspace's order.
    public var auditEntries: [AuditEntry]

    public init(
        claims: [Submission] = [], decisions: [Decision] = [], cards: [CardMessage] = [], taps: [CardTap] = [],
        auditEntries: [AuditEntry] = []
    ) {
        self.claims = claims
        self.decisions = decisions
        self.cards = cards
        self.taps = taps
        self.auditEntries = auditEntries
    }

    public var isEmpty: Bool {
        claims.isEmpty && decisions.isEmpty && cards.isEmpty && taps.isEmpty && auditEntries.isEmpty
    }
}

/// How many rows of each kind an erasure changed.
public struct PersonalDataErasureCounts: Hashable, Sendable, Codable {
    public var claims = 0
    public var extractions = 0
    public var decisions = 0
    public var cards = 0
    public var taps = 0
    public var auditEntries = 0
    /// Reasons typed on cards that were removed: the person's own, and any given on their claims.
    public var reasons = 0

    public init() {}

    /// Rows changed; a reason is counted with its decision or tap, not again.
    public var total: Int { claims + extractions + decisions + cards + taps + auditEntries }
}
