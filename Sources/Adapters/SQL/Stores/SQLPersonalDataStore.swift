import Domain
import Foundation
import Ports

struct SQLPersonalDataStore: PersonalDataStore {
    let session: any SQLSession
    let tenantID: TenantID

    var id: String { tenantID.description }

    func records(of person: PersonReference) async throws -> PersonalRecords {
        let value = person.storedValue
        return PersonalRecords(
            claims: try await claims(of: person),
            decisions: try await session.query(
                "SELECT * FROM decisions WHERE tenant_id = $1 AND approver = $2 ORDER BY decided_at, id", id, value
            ).map { try Decision(row: $0, tenantID: tenantID) },
            cards: try await session.query(
                "SELECT * FROM card_messages WHERE tenant_id = $1 AND approver = $2 ORDER BY sent_at, submission_id",
                id, value
            ).map { try CardMessage(row: $0, tenantID: tenantID) },
            taps: try await session.query(
                "SELECT * FROM card_taps WHERE tenant_id = $1 AND approver = $2 ORDER BY received_at, id", id, value
            ).map { try CardTap(withoutTokenFrom: $0, tenantID: tenantID) },
            auditEntries: try await auditEntries(naming: person))
    }

    func erase(_ person: PersonReference, as pseudonym: Pseudonym) async throws -> PersonalDataErasureCounts {
        var counts = PersonalDataErasureCounts()
        for claim in try await claims(of: person) {
            let erased = PersonalDataErasure.claim(claim, as: pseudonym)
            try await session.execute(
                "UPDATE submissions SET body = $3, applicant = $4 WHERE tenant_id = $1 AND id = $2", id,
                claim.id.description, try SQLCoding.json(erased), erased.applicant)
            counts.claims += 1
            let extractions = try await session.query(
                "SELECT body FROM extractions WHERE tenant_id = $1 AND submission_id = $2", id, claim.id.description
            ).map { try SQLCoding.decode(InvoiceExtraction.self, from: try $0.text("body")) }
            for extraction in extractions {
                try await session.execute(
                    "UPDATE extractions SET body = $4 WHERE tenant_id = $1 AND submission_id = $2 AND content_hash = $3",
                    id, claim.id.description, extraction.contentHash,
                    try SQLCoding.json(PersonalDataErasure.extraction(extraction)))
                counts.extractions += 1
            }
            for table in ["decisions", "card_taps"] {
                counts.reasons += try await session.execute(
                    "UPDATE \(table) SET reason = NULL WHERE tenant_id = $1 AND submission_id = $2 AND reason IS NOT NULL",
                    id, claim.id.description)
            }
        }
        let value = person.storedValue
        for table in ["decisions", "card_taps"] {
            counts.reasons += try await session.execute(
                "UPDATE \(table) SET reason = NULL WHERE tenant_id = $1 AND approver = $2 AND reason IS NOT NULL", id,
                value)
        }
        counts.decisions = try await session.execute(
            "UPDATE decisions SET approver = $3 WHERE tenant_id = $1 AND approver = $2", id, value, pseudonym.value)
        counts.cards = try await session.execute(
            "UPDATE card_messages SET approver = $3 WHERE tenant_id = $1 AND approver = $2", id, value, pseudonym.value)
        counts.taps = try await session.execute(
            "UPDATE card_taps SET approver = $3, update_token = NULL WHERE tenant_id = $1 AND approver = $2", id, value,
            pseudonym.value)
        for entry in try await auditEntries(naming: person) {
            guard let erased = PersonalDataErasure.auditEntry(entry, person: person, as: pseudonym) else { continue }
            try await session.execute(
                "UPDATE audit_entries SET actor = $3, detail = $4 WHERE tenant_id = $1 AND id = $2", id,
                entry.id.description, erased.actor, try SQLCoding.json(erased.detail))
            counts.auditEntries += 1
        }
        return counts
    }

    func checks(for submissionID: SubmissionID) async throws -> [Check] {
        try await session.query(
            "SELECT * FROM checks WHERE tenant_id = $1 AND submission_id = $2 ORDER BY checked_at, id", id,
            submissionID.description
        ).map { try Check(row: $0, tenantID: tenantID) }
    }

    func claimIDs(after cursor: SubmissionID?, limit: Int) async throws -> [SubmissionID] {
        let rows =
            if let cursor {
                try await session.query(
                    "SELECT id FROM submissions WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3", id,
                    cursor.description, max(0, limit))
            } else {
                try await session.query(
                    "SELECT id FROM submissions WHERE tenant_id = $1 ORDER BY id LIMIT $2", id, max(0, limit))
            }
        return try rows.map { row in
            guard let claim = SubmissionID(try row.text("id")) else { throw StoreError.corrupt(what: "submission id") }
            return claim
        }
    }

    func workspaceAudit(after cursor: AuditEntry?, limit: Int) async throws -> [AuditEntry] {
        let rows =
            if let cursor {
                try await session.query(
                    """
                    SELECT * FROM audit_entries WHERE tenant_id = $1 AND submission_id IS NULL
                      AND (seq > $2 OR (seq = $2 AND id > $3)) ORDER BY seq, id LIMIT $4
                    """, id, cursor.sequence ?? 0, cursor.id.description, max(0, limit))
            } else {
                try await session.query(
                    "SELECT * FROM audit_entries WHERE tenant_id = $1 AND submission_id IS NULL ORDER BY seq, id LIMIT $2",
                    id, max(0, limit))
            }
        return try rows.map { try AuditEntry(row: $0, tenantID: tenantID) }
    }

    private func claims(of person: PersonReference) async throws -> [Submission] {
        guard case .larkUser(let openID) = person else { return [] }
        return try await session.query(
            "SELECT body FROM submissions WHERE tenant_id = $1 AND applicant = $2 ORDER BY submitted_at, id", id, openID
        ).map { try SQLCoding.decode(Submission.self, from: try $0.text("body")) }
    }

    /// Entries whose actor is the person or whose detail mentions them. LIKE finds a superset
    /// (an open id's `_` matches any character); the exact test is the domain's.
    private func auditEntries(naming person: PersonReference) async throws -> [AuditEntry] {
        try await session.query(
            """
            SELECT * FROM audit_entries WHERE tenant_id = $1 AND (actor = $2 OR detail LIKE $3)
            ORDER BY seq, at, id
            """, id, person.actor, "%" + person.storedValue + "%"
        ).map { try AuditEntry(row: $0, tenantID: tenantID) }
            .filter { PersonalDataErasure.names($0, person) }
    }
}
