import Domain
import Foundation
import Ports

struct InMemoryApprovalStore: ApprovalStore {
    let database: InMemoryDatabase
    let tenantID: TenantID

    func saveFlow(_ flow: MonitoredFlow) async throws {
        guard flow.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await database.write { [tenantID] tables in
            guard tables.tenants[tenantID] != nil else { throw StoreError.invalidReference }
            let flows = tables.flows[tenantID] ?? [:]
            if flows.values.contains(where: { $0.approvalCode == flow.approvalCode && $0.id != flow.id }) {
                throw StoreError.duplicate
            }
            var stored = flow
            if let existing = flows[flow.id] {
                stored = MonitoredFlow(
                    id: flow.id, tenantID: flow.tenantID, approvalCode: flow.approvalCode, name: flow.name,
                    mapping: flow.mapping, subscribed: flow.subscribed, createdAt: existing.createdAt,
                    archivedAt: flow.archivedAt)
            }
            tables.flows[tenantID, default: [:]][flow.id] = stored
        }
    }

    func flow(_ id: FlowID) async throws -> MonitoredFlow? {
        await database.read { [tenantID] in $0.flows[tenantID]?[id] }
    }

    func flow(approvalCode: String, includingArchived: Bool) async throws -> MonitoredFlow? {
        await database.read { [tenantID] in
            $0.flows[tenantID]?.values.first {
                $0.approvalCode == approvalCode && (includingArchived || !$0.isArchived)
            }
        }
    }

    func flows(includingArchived: Bool) async throws -> [MonitoredFlow] {
        await database.read { [tenantID] tables in
            (tables.flows[tenantID] ?? [:]).values.filter { includingArchived || !$0.isArchived }
                .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
    }

    func archiveFlow(_ id: FlowID, at time: Date) async throws {
        try await database.write { [tenantID] tables in
            guard var flow = tables.flows[tenantID]?[id] else { throw StoreError.notFound }
            flow.archivedAt = flow.archivedAt ?? time
            tables.flows[tenantID]?[id] = flow
        }
    }

    func purgeHistory(before cutoff: Date) async throws -> HistoryPurge {
        await database.write { [tenantID] tables in
            let old: (Submission) -> Bool = { $0.status != .pending && $0.submittedAt < cutoff }
            let submissions = (tables.submissions[tenantID] ?? [:]).values.filter(old).count
            tables.deleteSubmissions(of: tenantID, where: old)
            let entries = tables.audit[tenantID] ?? []
            tables.audit[tenantID] = entries.filter { $0.submissionID != nil || $0.at >= cutoff }
            return HistoryPurge(
                submissions: submissions, workspaceAuditEntries: entries.count - (tables.audit[tenantID]?.count ?? 0))
        }
    }

    func deleteFlow(_ id: FlowID) async throws {
        try await database.write { [tenantID] tables in
            guard tables.flows[tenantID]?[id] != nil else { throw StoreError.notFound }
            // As the databases do: a flow with history is never deleted.
            guard !(tables.submissions[tenantID] ?? [:]).values.contains(where: { $0.flowID == id }) else {
                throw StoreError.invalidReference
            }
            tables.flows[tenantID]?[id] = nil
        }
    }

    func saveSubmission(_ submission: Submission) async throws {
        guard submission.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await database.write { [tenantID] tables in
            guard tables.flows[tenantID]?[submission.flowID] != nil else { throw StoreError.invalidReference }
            let existing = tables.submissions[tenantID] ?? [:]
            if existing.values.contains(where: { $0.instanceCode == submission.instanceCode && $0.id != submission.id })
            {
                throw StoreError.duplicate
            }
            var stored = submission
            if let previous = existing[submission.id] {
                // As in SQL: the identity columns of an existing row never change.
                stored = Submission(
                    id: previous.id, tenantID: previous.tenantID, flowID: previous.flowID,
                    instanceCode: previous.instanceCode, applicant: submission.applicant, status: submission.status,
                    lineItems: submission.lineItems, attachments: submission.attachments,
                    submittedAt: previous.submittedAt, updatedAt: submission.updatedAt)
            }
            tables.submissions[tenantID, default: [:]][submission.id] = stored
        }
    }

    func submission(_ id: SubmissionID) async throws -> Submission? {
        await database.read { [tenantID] in $0.submissions[tenantID]?[id] }
    }

    func submission(instanceCode: String) async throws -> Submission? {
        await database.read { [tenantID] in $0.submissions[tenantID]?.values.first { $0.instanceCode == instanceCode } }
    }

    func submissions(_ query: SubmissionQuery) async throws -> [Submission] {
        await database.read { [tenantID] tables in
            let verdicts = tables.verdicts[tenantID] ?? [:]
            return (tables.submissions[tenantID] ?? [:]).values
                .filter { submission in
                    (query.status.map { $0 == submission.status } ?? true)
                        && (query.verdict.map { $0 == verdicts[submission.id] } ?? true)
                        && (query.flowID.map { $0 == submission.flowID } ?? true)
                        && (query.vendorKey.map { $0 == submission.vendorKey } ?? true)
                        && (query.applicant.map { $0 == submission.applicant } ?? true)
                        && (query.submittedFrom.map { submission.submittedAt >= $0 } ?? true)
                        && (query.submittedBefore.map { submission.submittedAt < $0 } ?? true)
                        && (query.after.map { (submission.submittedAt, submission.id) < ($0.submittedAt, $0.id) }
                            ?? true)
                        && (query.claimedTotal.map { range in
                            submission.claimedTotal.map {
                                $0.currency == range.currency && range.minorUnits.contains($0.minorUnits)
                            } ?? false
                        } ?? true)
                }
                .sorted { ($0.submittedAt, $0.id) > ($1.submittedAt, $1.id) }
                .dropFirst(query.offset).prefix(query.limit).map { $0 }
        }
    }

    func amountHistory(
        category: String?, vendorKey: String?, currency: CurrencyCode, excluding: SubmissionID?, limit: Int
    )
        async throws -> [Int64]
    {
        await database.read { [tenantID] tables in
            // The base total as the last check converted it, else the claim's own total.
            func amount(_ submission: Submission) -> Int64? {
                let total = submission.baseTotal ?? submission.claimedTotal
                return total?.currency == currency ? total?.minorUnits : nil
            }
            return (tables.submissions[tenantID] ?? [:]).values
                .filter { submission in
                    guard submission.id != excluding, amount(submission) != nil else { return false }
                    if let category { return submission.category == category }
                    if let vendorKey { return submission.vendorKey == vendorKey }
                    return false
                }
                .sorted { $0.submittedAt > $1.submittedAt }
                .prefix(max(0, limit)).compactMap(amount)
        }
    }
}
