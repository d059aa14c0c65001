import Domain
import Foundation
import Ports

/// Policy documents and rule proposals (`policy_documents`, `rule_proposals`); a proposal's rule
/// is its JSON (``PolicyRule``'s coding), its status a word with the refusal beside it.
struct SQLPolicyMirrorStore: PolicyMirrorStore {
    let session: any SQLSession
    let tenantID: TenantID

    var id: String { tenantID.description }

    func saveDocument(_ document: PolicyDocument) async throws {
        try await session.execute(
            """
            INSERT INTO policy_documents (tenant_id, id, name, text, imported_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name, text = excluded.text
            """, id, document.id.description, document.name, document.text, SQLCoding.millis(document.importedAt))
    }

    func document(_ documentID: PolicyDocumentID) async throws -> PolicyDocument? {
        try await session.first(
            "SELECT * FROM policy_documents WHERE tenant_id = $1 AND id = $2", id, documentID.description
        ).map(document(from:))
    }

    func documents() async throws -> [PolicyDocument] {
        try await session.query(
            "SELECT * FROM policy_documents WHERE tenant_id = $1 ORDER BY imported_at DESC, id DESC", id
        ).map(document(from:))
    }

    func saveProposal(_ proposal: RuleProposal) async throws {
        let rule = try proposal.rule.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let refusal: String? = if case .refused(let why) = proposal.status { why.rawValue } else { nil }
        try await session.execute(
            """
            INSERT INTO rule_proposals (tenant_id, id, document_id, rule, quote, status, refusal, created_at, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (tenant_id, id) DO UPDATE SET rule = excluded.rule, status = excluded.status,
              refusal = excluded.refusal, decided_at = excluded.decided_at
            """, id, proposal.id.description, proposal.documentID.description, rule, proposal.quote,
            proposal.status.name, refusal, SQLCoding.millis(proposal.createdAt),
            proposal.decidedAt.map(SQLCoding.millis))
    }

    func proposal(_ proposalID: RuleProposalID) async throws -> RuleProposal? {
        try await session.first(
            "SELECT * FROM rule_proposals WHERE tenant_id = $1 AND id = $2", id, proposalID.description
        ).map(proposal(from:))
    }

    func proposals() async throws -> [RuleProposal] {
        try await session.query(
            """
            SELECT p.* FROM rule_proposals p JOIN policy_documents d ON d.tenant_id = p.tenant_id AND d.id = p.document_id
            WHERE p.tenant_id = $1 ORDER BY d.imported_at DESC, d.id DESC, p.created_at, p.id
            """, id
        ).map(proposal(from:))
    }

    private func document(from row: SQLRow) throws -> PolicyDocument {
        guard let documentID = PolicyDocumentID(try row.text("id")) else {
            throw StoreError.corrupt(what: "policy document")
        }
        return PolicyDocument(
            id: documentID, tenantID: tenantID, name: try row.text("name"), text: try row.text("text"),
            importedAt: SQLCoding.date(try row.integer("imported_at")))
    }

    private func proposal(from row: SQLRow) throws -> RuleProposal {
        guard let proposalID = RuleProposalID(try row.text("id")),
            let documentID = PolicyDocumentID(try row.text("document_id"))
        else { throw StoreError.corrupt(what: "rule proposal") }
        let rule = try row.optionalText("rule").map { try JSONDecoder().decode(PolicyRule.self, from: Data($0.utf8)) }
        let status: RuleProposal.Status
        switch try row.text("status") {
        case "proposed": status = .proposed
        case "accepted": status = .accepted
        case "rejected": status = .rejected
        case "refused":
            guard let why = try row.optionalText("refusal").flatMap(RuleProposal.Refusal.init(rawValue:)) else {
                throw StoreError.corrupt(what: "rule proposal")
            }
            status = .refused(why)
        default: throw StoreError.corrupt(what: "rule proposal")
        }
        return RuleProposal(
            id: proposalID, tenantID: tenantID, documentID: documentID, rule: rule, quote: try row.text("quote"),
            status: status, createdAt: SQLCoding.date(try row.integer("created_at")),
            decidedAt: try row.optionalInteger("decided_at").map(SQLCoding.date))
    }
}
