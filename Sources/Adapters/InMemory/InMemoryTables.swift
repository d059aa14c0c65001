import Domain
import Foundation

/// Every in-memory table, keyed by tenant first wherever rows belong to a tenant, so isolation
/// is structural. A value type: a transaction snapshots it and restores it on failure.
struct InMemoryTables: Sendable {
    struct SealedConnection: Sendable {
        var appID: String
        var sealed: [LarkConnection.Field: [UInt8]]
        var updatedAt: Date
    }

    var tenants: [TenantID: Tenant] = [:]
    var users: [UserID: User] = [:]
    var members: [TenantID: [UserID: Member]] = [:]
    var connections: [TenantID: SealedConnection] = [:]
    var policies: [TenantID: PolicySettings] = [:]
    var flows: [TenantID: [FlowID: MonitoredFlow]] = [:]
    var submissions: [TenantID: [SubmissionID: Submission]] = [:]
    var verdicts: [TenantID: [SubmissionID: Verdict]] = [:]
    var extractions: [TenantID: [SubmissionID: [String: InvoiceExtraction]]] = [:]
    var checks: [TenantID: [Check]] = [:]
    var decisions: [TenantID: [Decision]] = [:]
    var cards: [TenantID: [CardMessage]] = [:]
    /// Taps without their update token, which is kept sealed beside them, as on disk.
    var taps: [TenantID: [TapID: (tap: CardTap, sealedToken: [UInt8]?)]] = [:]
    var leases: [String: (owner: String, expiresAt: Date)] = [:]
    var rateLimits: [String: (count: Int, endsAt: Date)] = [:]
    /// The reference feed's cached days, shared by every workspace.
    var referenceRates: [RateDay: ReferenceRates] = [:]
    var manualRates: [TenantID: [ExchangeRate]] = [:]
    var policyDocuments: [TenantID: [PolicyDocument]] = [:]
    var ruleProposals: [TenantID: [RuleProposal]] = [:]
    var audit: [TenantID: [AuditEntry]] = [:]
    var patterns: [TenantID: [PatternID: LearnedPattern]] = [:]
    var inbox: [TenantID: [String: InboxEvent]] = [:]
    var jobs: [JobID: Job] = [:]
    var magicLinks: [[UInt8]: MagicLinkToken] = [:]
    var sessions: [[UInt8]: Session] = [:]
    var oauthStates: [[UInt8]: (nonce: [UInt8], verifier: [UInt8], expiresAt: Date)] = [:]

    /// Removes a workspace and everything it owns, as the SQL backends' cascades do.
    mutating func deleteWorkspace(_ id: TenantID) {
        tenants[id] = nil
        members[id] = nil
        connections[id] = nil
        policies[id] = nil
        flows[id] = nil
        submissions[id] = nil
        verdicts[id] = nil
        extractions[id] = nil
        checks[id] = nil
        decisions[id] = nil
        cards[id] = nil
        taps[id] = nil
        manualRates[id] = nil
        policyDocuments[id] = nil
        ruleProposals[id] = nil
        audit[id] = nil
        patterns[id] = nil
        inbox[id] = nil
        jobs = jobs.filter { $0.value.tenantID != id }
        for (hash, session) in sessions where session.activeTenantID == id { sessions[hash]?.activeTenantID = nil }
    }

    /// Removes a submission and the rows that reference it.
    mutating func deleteSubmissions(of tenant: TenantID, where matches: (Submission) -> Bool) {
        let doomed = Set((submissions[tenant] ?? [:]).values.filter(matches).map(\.id))
        guard !doomed.isEmpty else { return }
        for id in doomed {
            submissions[tenant]?[id] = nil
            verdicts[tenant]?[id] = nil
            extractions[tenant]?[id] = nil
        }
        checks[tenant]?.removeAll { doomed.contains($0.submissionID) }
        decisions[tenant]?.removeAll { doomed.contains($0.submissionID) }
        cards[tenant]?.removeAll { doomed.contains($0.submissionID) }
        taps[tenant] = taps[tenant]?.filter { !doomed.contains($0.value.tap.submissionID) }
        audit[tenant]?.removeAll { $0.submissionID.map(doomed.contains) ?? false }
    }
}
