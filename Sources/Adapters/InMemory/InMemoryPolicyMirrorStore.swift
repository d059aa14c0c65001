import Domain
import Foundation
import Ports

struct InMemoryPolicyMirrorStore: PolicyMirrorStore {
    let database: InMemoryDatabase
    let tenantID: TenantID

    func saveDocument(_ document: PolicyDocument) async throws {
        await database.write { [tenantID] tables in
            tables.policyDocuments[tenantID, default: []].removeAll { $0.id == document.id }
            tables.policyDocuments[tenantID, default: []].append(document)
        }
    }

    func document(_ id: PolicyDocumentID) async throws -> PolicyDocument? {
        await database.read { [tenantID] tables in tables.policyDocuments[tenantID]?.first { $0.id == id } }
    }

    func documents() async throws -> [PolicyDocument] {
        await database.read { [tenantID] tables in
            (tables.policyDocuments[tenantID] ?? []).sorted { ($1.importedAt, $1.id) < ($0.importedAt, $0.id) }
        }
    }

    func saveProposal(_ proposal: RuleProposal) async throws {
        try await database.write { [tenantID] tables in
            guard tables.policyDocuments[tenantID]?.contains(where: { $0.id == proposal.documentID }) == true else {
                throw StoreError.notFound
            }
            if let index = tables.ruleProposals[tenantID]?.firstIndex(where: { $0.id == proposal.id }) {
                tables.ruleProposals[tenantID]?[index] = proposal
            } else {
                tables.ruleProposals[tenantID, default: []].append(proposal)
            }
        }
    }

    func proposal(_ id: RuleProposalID) async throws -> RuleProposal? {
        await database.read { [tenantID] tables in tables.ruleProposals[tenantID]?.first { $0.id == id } }
    }

    func proposals() async throws -> [RuleProposal] {
        let documents = try await documents().map(\.id)
        return await database.read { [tenantID] tables in
            let all = tables.ruleProposals[tenantID] ?? []
            return documents.flatMap { document in all.filter { $0.documentID == document } }
        }
    }
}
