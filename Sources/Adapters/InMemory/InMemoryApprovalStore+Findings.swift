import Domain
import Foundation
import Ports

/// Extractions, checks, decisions, cards and the audit trail.
extension InMemoryApprovalStore {
    private func requireSubmission(_ id: SubmissionID, in tables: InMemoryTables) throws {
        guard tables.submissions[tenantID]?[id] != nil else { throw StoreError.invalidReference }
    }

    func saveExtraction(_ extraction: InvoiceExtraction, for submissionID: SubmissionID) async throws {
        try await database.write { [self] tables in
            try requireSubmission(submissionID, in: tables)
            tables.extractions[tenantID, default: [:]][submissionID, default: [:]][extraction.contentHash] = extraction
        }
    }

    func extractions(for submissionID: SubmissionID) async throws -> [InvoiceExtraction] {
        await database.read { [tenantID] tables in
            (tables.extractions[tenantID]?[submissionID] ?? [:]).values.sorted { $0.contentHash < $1.contentHash }
        }
    }

    func extraction(contentHash: String) async throws -> InvoiceExtraction? {
        await database.read { [tenantID] tables in
            (tables.extractions[tenantID] ?? [:]).sorted { $0.key < $1.key }.lazy.compactMap { $0.value[contentHash] }
                .first
        }
    }

    func submissionsWithInvoice(contentHash: String?, invoiceKey: String?, excluding: SubmissionID, limit: Int)
        async throws -> [InvoiceHolder]
    {
        await database.read { [tenantID] tables in
            let submissions = tables.submissions[tenantID] ?? [:]
            return (tables.extractions[tenantID] ?? [:])
                .filter { id, extractions in
                    id != excluding
                        && extractions.values.contains {
                            (contentHash != nil && $0.contentHash == contentHash)
                                || (invoiceKey != nil && $0.invoiceKey == invoiceKey)
                        }
                }
                .keys.sorted().prefix(max(0, limit))
                .compactMap { id in
                    submissions[id].map { InvoiceHolder(submissionID: id, instanceCode: $0.instanceCode) }
                }
        }
    }

    func saveCheck(_ check: Check) async throws {
        guard check.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await database.write { [self] tables in
            try requireSubmission(check.submissionID, in: tables)
            if tables.checks[tenantID]?.contains(where: { $0.id == check.id }) == true { throw StoreError.duplicate }
            tables.checks[tenantID, default: []].append(check)
            let latest = tables.checks[tenantID, default: []].filter { $0.submissionID == check.submissionID }
                .max { ($0.checkedAt, $0.id) < ($1.checkedAt, $1.id) }
            tables.verdicts[tenantID, default: [:]][check.submissionID] = latest?.verdict
        }
    }

    func latestCheck(for submissionID: SubmissionID) async throws -> Check? {
        await database.read { [tenantID] tables in
            (tables.checks[tenantID] ?? []).filter { $0.submissionID == submissionID }
                .max { ($0.checkedAt, $0.id) < ($1.checkedAt, $1.id) }
        }
    }

    func saveDecision(_ decision: Decision) async throws {
        guard decision.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await database.write { [self] tables in
            try requireSubmission(decision.submissionID, in: tables)
            if tables.decisions[tenantID]?.contains(where: { $0.id == decision.id }) == true {
                throw StoreError.duplicate
            }
            tables.decisions[tenantID, default: []].append(decision)
        }
    }

    func decisions(for submissionID: SubmissionID) async throws -> [Decision] {
        await database.read { [tenantID] tables in
            (tables.decisions[tenantID] ?? []).filter { $0.submissionID == submissionID }
                .sorted { ($0.decidedAt, $0.id) < ($1.decidedAt, $1.id) }
        }
    }

    func saveCard(_ card: CardMessage) async throws {
        guard card.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await database.write { [self] tables in
            try requireSubmission(card.submissionID, in: tables)
            if tables.cards[tenantID]?.contains(where: {
                $0.submissionID == card.submissionID && $0.approver == card.approver
            })
                == true
            {
                throw StoreError.duplicate
            }
            tables.cards[tenantID, default: []].append(card)
        }
    }

    func updateCard(_ card: CardMessage) async throws {
        guard card.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await database.write { [tenantID] tables in
            guard
                let index = tables.cards[tenantID]?.firstIndex(where: {
                    $0.submissionID == card.submissionID && $0.approver == card.approver
                })
            else { throw StoreError.notFound }
            tables.cards[tenantID]?[index] = card
        }
    }

    func cards(for submissionID: SubmissionID) async throws -> [CardMessage] {
        await database.read { [tenantID] tables in
            (tables.cards[tenantID] ?? []).filter { $0.submissionID == submissionID }
                .sorted { ($0.sentAt, $0.approver) < ($1.sentAt, $1.approver) }
        }
    }

    func cardsAwaitingReminder(sentBefore: Date, limit: Int) async throws -> [CardMessage] {
        await database.read { [tenantID] tables in
            (tables.cards[tenantID] ?? []).filter { card in
                card.state == .open && card.remindedAt == nil && card.sentAt < sentBefore
                    && tables.submissions[tenantID]?[card.submissionID]?.status == .pending
            }
            .sorted { ($0.sentAt, $0.submissionID, $0.approver) < ($1.sentAt, $1.submissionID, $1.approver) }
            .prefix(max(0, limit)).map { $0 }
        }
    }

    func markReminded(submissionID: SubmissionID, approver: String, at time: Date) async throws -> Bool {
        await database.write { [tenantID] tables in
            guard
                let index = tables.cards[tenantID]?.firstIndex(where: {
                    $0.submissionID == submissionID && $0.approver == approver && $0.remindedAt == nil
                })
            else { return false }
            tables.cards[tenantID]?[index].remindedAt = time
            return true
        }
    }

    func appendAudit(_ entry: AuditEntry) async throws {
        guard entry.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await database.write { [self] tables in
            guard tables.tenants[tenantID] != nil else { throw StoreError.invalidReference }
            if let submissionID = entry.submissionID { try requireSubmission(submissionID, in: tables) }
            if tables.audit[tenantID]?.contains(where: { $0.id == entry.id }) == true { throw StoreError.duplicate }
            var stored = entry
            stored.sequence = (tables.audit[tenantID]?.last?.sequence ?? 0) + 1
            tables.audit[tenantID, default: []].append(stored)
        }
    }

    func auditTrail(for submissionID: SubmissionID) async throws -> [AuditEntry] {
        await database.read { [tenantID] tables in
            (tables.audit[tenantID] ?? []).filter { $0.submissionID == submissionID }
        }
    }
}
