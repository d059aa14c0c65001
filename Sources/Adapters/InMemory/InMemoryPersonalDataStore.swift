import Domain
import Foundation
import Ports

struct InMemoryPersonalDataStore: PersonalDataStore {
    let database: InMemoryDatabase
    let tenantID: TenantID

    func records(of person: PersonReference) async throws -> PersonalRecords {
        await database.read { [tenantID] tables in
            let value = person.storedValue
            return PersonalRecords(
                claims: Self.claims(of: person, in: tables, tenantID),
                decisions: (tables.decisions[tenantID] ?? []).filter { $0.approver == value }
                    .sorted { ($0.decidedAt, $0.id) < ($1.decidedAt, $1.id) },
                cards: (tables.cards[tenantID] ?? []).filter { $0.approver == value }
                    .sorted { ($0.sentAt, $0.submissionID) < ($1.sentAt, $1.submissionID) },
                taps: (tables.taps[tenantID] ?? [:]).values.map(\.tap).filter { $0.approver == value }
                    .sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) },
                auditEntries: (tables.audit[tenantID] ?? []).filter { PersonalDataErasure.names($0, person) })
        }
    }

    func erase(_ person: PersonReference, as pseudonym: Pseudonym) async throws -> PersonalDataErasureCounts {
        await database.write { [tenantID] tables in
            var counts = PersonalDataErasureCounts()
            let value = person.storedValue
            let claims = Self.claims(of: person, in: tables, tenantID)
            let claimIDs = Set(claims.map(\.id))
            for claim in claims {
                tables.submissions[tenantID]?[claim.id] = PersonalDataErasure.claim(claim, as: pseudonym)
                counts.claims += 1
                for (hash, extraction) in tables.extractions[tenantID]?[claim.id] ?? [:] {
                    tables.extractions[tenantID]?[claim.id]?[hash] = PersonalDataErasure.extraction(extraction)
                    counts.extractions += 1
                }
            }
            tables.decisions[tenantID] = tables.decisions[tenantID]?.map { decision in
                var decision = decision
                if decision.reason != nil, decision.approver == value || claimIDs.contains(decision.submissionID) {
                    decision.reason = nil
                    counts.reasons += 1
                }
                guard decision.approver == value else { return decision }
                counts.decisions += 1
                return Decision(
                    id: decision.id, tenantID: decision.tenantID, submissionID: decision.submissionID,
                    approver: pseudonym.value, outcome: decision.outcome, decidedAt: decision.decidedAt)
            }
            tables.cards[tenantID] = tables.cards[tenantID]?.map { card in
                guard card.approver == value else { return card }
                counts.cards += 1
                return CardMessage(
                    tenantID: card.tenantID, submissionID: card.submissionID, approver: pseudonym.value,
                    messageID: card.messageID, taskID: card.taskID, state: card.state, sentAt: card.sentAt,
                    remindedAt: card.remindedAt)
            }
            for (id, stored) in tables.taps[tenantID] ?? [:]
            where stored.tap.reason != nil && claimIDs.contains(stored.tap.submissionID) && stored.tap.approver != value
            {
                var tap = stored.tap
                tap.reason = nil
                tables.taps[tenantID]?[id] = (tap, stored.sealedToken)
                counts.reasons += 1
            }
            for (id, stored) in tables.taps[tenantID] ?? [:] where stored.tap.approver == value {
                let tap = stored.tap
                if tap.reason != nil { counts.reasons += 1 }
                tables.taps[tenantID]?[id] = (
                    CardTap(
                        id: tap.id, tenantID: tap.tenantID, submissionID: tap.submissionID, approver: pseudonym.value,
                        choice: tap.choice, messageID: tap.messageID, updateToken: nil, receivedAt: tap.receivedAt,
                        state: tap.state, failure: tap.failure), nil
                )
                counts.taps += 1
            }
            tables.audit[tenantID] = tables.audit[tenantID]?.map { entry in
                guard let erased = PersonalDataErasure.auditEntry(entry, person: person, as: pseudonym) else {
                    return entry
                }
                counts.auditEntries += 1
                return erased
            }
            return counts
        }
    }

    func checks(for submissionID: SubmissionID) async throws -> [Check] {
        await database.read { [tenantID] tables in
            (tables.checks[tenantID] ?? []).filter { $0.submissionID == submissionID }
                .sorted { ($0.checkedAt, $0.id) < ($1.checkedAt, $1.id) }
        }
    }

    func claimIDs(after cursor: SubmissionID?, limit: Int) async throws -> [SubmissionID] {
        await database.read { [tenantID] tables in
            (tables.submissions[tenantID] ?? [:]).keys.filter { cursor == nil || $0 > cursor! }.sorted()
                .prefix(max(0, limit)).map { $0 }
        }
    }

    func workspaceAudit(after cursor: AuditEntry?, limit: Int) async throws -> [AuditEntry] {
        await database.read { [tenantID] tables in
            let key = { (entry: AuditEntry) in (entry.sequence ?? 0, entry.id) }
            return (tables.audit[tenantID] ?? []).filter { entry in
                entry.submissionID == nil && (cursor.map { key($0) < key(entry) } ?? true)
            }
            .sorted { key($0) < key($1) }.prefix(max(0, limit)).map { $0 }
        }
    }

    private static func claims(of person: PersonReference, in tables: InMemoryTables, _ tenantID: TenantID)
        -> [Submission]
    {
        guard case .larkUser(let openID) = person else { return [] }
        return (tables.submissions[tenantID] ?? [:]).values.filter { $0.applicant == openID }
            .sorted { ($0.submittedAt, $0.id) < ($1.submittedAt, $1.id) }
    }
}
