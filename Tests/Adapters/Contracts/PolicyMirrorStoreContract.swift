import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("PolicyMirrorStore contract")
struct PolicyMirrorStoreContract {
    static func document(_ tenant: TenantID, name: String, at seconds: TimeInterval) -> PolicyDocument {
        PolicyDocument(
            id: Fixtures.randomness.identifier(), tenantID: tenant, name: name,
            text: "Meals are reimbursed up to SGD 50.00.\n餐费每人每餐不超过 50 新元。",
            importedAt: Fixtures.epoch.addingTimeInterval(seconds))
    }

    static func proposal(
        _ document: PolicyDocument, _ rule: PolicyRule?, status: RuleProposal.Status = .proposed,
        at seconds: TimeInterval
    ) -> RuleProposal {
        RuleProposal(
            id: Fixtures.randomness.identifier(), tenantID: document.tenantID, documentID: document.id, rule: rule,
            quote: "Meals are reimbursed up to SGD 50.00.", status: status,
            createdAt: Fixtures.epoch.addingTimeInterval(seconds))
    }

    @Test(
        "Documents keep their text; proposals keep rule, quote, status and refusal, are decided in place, and are listed newest import first; nothing crosses workspaces",
        arguments: StoreKind.allCases)
    func documentsAndProposals(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let older = Self.document(tenant.id, name: "Policy 2025", at: 0)
            let newer = Self.document(tenant.id, name: "政策 2026", at: 60)
            let cap = PolicyRule.categoryCap(category: "meals", cap: Money(decimal: "50.00", currency: Fixtures.sgd)!)
            let first = Self.proposal(older, cap, at: 1)
            let refused = Self.proposal(older, nil, status: .refused(.unusableRule), at: 2)
            let invented = Self.proposal(newer, .weekendExpensesFlagged, status: .refused(.quoteNotInDocument), at: 61)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.mirror.saveDocument(older)
                try await scope.mirror.saveDocument(newer)
                for proposal in [first, refused, invented] { try await scope.mirror.saveProposal(proposal) }
                #expect(try await scope.mirror.documents().map(\.name) == ["政策 2026", "Policy 2025"])
                #expect(try await scope.mirror.document(newer.id) == newer)
                #expect(try await scope.mirror.proposals() == [invented, first, refused])
                var accepted = first
                accepted.status = .accepted
                accepted.decidedAt = Fixtures.epoch.addingTimeInterval(120)
                try await scope.mirror.saveProposal(accepted)
                #expect(try await scope.mirror.proposal(first.id) == accepted)
                #expect(try await scope.mirror.proposal(refused.id)?.status == .refused(.unusableRule))
            }
            try await test.storage.withTenant(other.id) { scope async throws in
                #expect(try await scope.mirror.documents().isEmpty)
                #expect(try await scope.mirror.proposals().isEmpty)
                #expect(try await scope.mirror.document(older.id) == nil)
                #expect(try await scope.mirror.proposal(first.id) == nil)
                await #expect(throws: (any Error).self) {
                    try await scope.mirror.saveProposal(Self.proposal(older, cap, at: 3))
                }
            }
        }
    }
}
