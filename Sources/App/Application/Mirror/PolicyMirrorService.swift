public import Domain
import Foundation
import Logging
import Ports

/// Mirror: the written policy as rules. An admin imports the policy (text, or a PDF read without
/// AI); the AI proposes rules, each with the sentence it came from; Kopi refuses any proposal
/// whose sentence is not in the document word for word; the admin edits, accepts or rejects the
/// rest. Only an accepted rule changes the policy, and the check, not the AI, decides verdicts.
public struct PolicyMirrorService: Sendable {
    let storage: any Storage
    let runtime: Runtime
    let proposer: (any PolicyRuleProposer)?
    let documentText: (any DocumentTextReader)?

    public init(services: AppServices) {
        storage = services.storage
        runtime = services.runtime
        proposer = services.policyProposer
        documentText = services.documentText
    }

    /// What an admin imports.
    public enum Source: Sendable {
        case text(String)
        case pdf([UInt8])
    }

    public struct Imported: Sendable {
        public let document: PolicyDocument
        public let proposals: [RuleProposal]
    }

    /// A proposal with the name of the document it came from.
    public struct Listed: Sendable {
        public let proposal: RuleProposal
        public let documentName: String
    }

    /// At most this many proposals are kept from one import.
    public static let maximumProposals = 200

    public func importPolicy(name: String, source: Source, caller: Caller) async throws -> Imported {
        try caller.require(.admin)
        let title = String(name.trimmingCharacters(in: .whitespacesAndNewlines).prefix(120))
        let text = try await self.text(of: source)
        guard let proposer else {
            throw ApplicationError(
                .unavailable, code: "ai_not_configured",
                message: "Proposing rules needs the AI: set KOPI_ANTHROPIC_API_KEY.")
        }
        let drafts: [RuleProposal.Draft]
        do {
            drafts = try await proposer.propose(from: text)
        } catch {
            runtime.logger.warning("policy proposals failed", metadata: ["error": "\(error)"])
            throw ApplicationError(
                .unavailable, code: "ai_unavailable", message: "The AI could not read the policy now; try again later.")
        }
        let now = runtime.clock.now()
        let document = PolicyDocument(
            id: runtime.randomness.identifier(), tenantID: caller.tenantID, name: title.isEmpty ? "Policy" : title,
            text: text, importedAt: now)
        // A millisecond apart, so they list in the order the AI gave them.
        let proposals = drafts.prefix(Self.maximumProposals).enumerated().map { index, draft in
            RuleProposal.reviewed(
                draft, id: runtime.randomness.identifier(), document: document,
                at: now.addingTimeInterval(Double(index) / 1000))
        }
        try await storage.withTenant(caller.tenantID) { [runtime] scope in
            try await scope.mirror.saveDocument(document)
            for proposal in proposals { try await scope.mirror.saveProposal(proposal) }
            let refused = proposals.filter { if case .refused = $0.status { true } else { false } }.count
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil, at: now,
                    actor: caller.user.email.value, action: .policyImported,
                    detail: [
                        "document_id": document.id.description, "characters": String(text.count),
                        "proposed": String(proposals.count - refused), "refused": String(refused),
                    ]))
        }
        runtime.logger.info(
            "policy imported",
            metadata: [
                "tenant_id": "\(caller.tenantID)", "document_id": "\(document.id)", "proposals": "\(proposals.count)",
            ])
        return Imported(document: document, proposals: proposals)
    }

    /// The policy's text: pasted text as it is, a PDF's as the PDF reader reads it.
    private func text(of source: Source) async throws -> String {
        let text: String
        switch source {
        case .text(let pasted):
            text = pasted
        case .pdf(let bytes):
            guard bytes.count <= PolicyDocument.maximumPDFBytes else {
                throw ApplicationError.invalidInput(["The PDF is larger than 10 MB."])
            }
            guard let documentText else {
                throw ApplicationError(
                    .unavailable, code: "pdf_reader_unavailable",
                    message: "This server cannot read PDFs (pdftotext is not installed); paste the text instead.")
            }
            do {
                text = try await documentText.text(ofPDF: bytes)
            } catch DocumentTextError.noText {
                throw ApplicationError.invalidInput(["The PDF has no text to read (a scan?); paste the text instead."])
            } catch DocumentTextError.unavailable {
                throw ApplicationError(
                    .unavailable, code: "pdf_reader_unavailable",
                    message: "This server cannot read PDFs (pdftotext is not installed); paste the text instead.")
            } catch {
                throw ApplicationError.invalidInput(["The file is not a PDF that could be read."])
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ApplicationError.invalidInput(["The policy is empty."]) }
        guard trimmed.count <= PolicyDocument.maximumCharacters else {
            throw ApplicationError.invalidInput([
                "The policy is longer than \(PolicyDocument.maximumCharacters) characters; import it in parts."
            ])
        }
        return trimmed
    }

    /// Every proposal, the newest import's first.
    public func proposals(_ caller: Caller) async throws -> [Listed] {
        try await storage.withTenant(caller.tenantID) { scope in
            let names = Dictionary(
                uniqueKeysWithValues: try await scope.mirror.documents().map { ($0.id, $0.name) })
            return try await scope.mirror.proposals().map {
                Listed(proposal: $0, documentName: names[$0.documentID] ?? "")
            }
        }
    }

    /// Every imported document, newest first, with its proposals in the order they were made.
    public func overview(_ caller: Caller) async throws -> [(document: PolicyDocument, proposals: [RuleProposal])] {
        try await storage.withTenant(caller.tenantID) { scope in
            let proposals = try await scope.mirror.proposals()
            return try await scope.mirror.documents().map { document in
                (document, proposals.filter { $0.documentID == document.id })
            }
        }
    }

    public func document(_ id: PolicyDocumentID, caller: Caller) async throws -> PolicyDocument {
        guard let document = try await storage.withTenant(caller.tenantID, { try await $0.mirror.document(id) }) else {
            throw ApplicationError.notFound
        }
        return document
    }

    /// Changes the values of a proposal still under review; its quotation stays as found.
    public func edit(_ id: RuleProposalID, rule: PolicyRule, caller: Caller) async throws -> RuleProposal {
        try caller.require(.admin)
        guard rule.problems.isEmpty else { throw ApplicationError.invalidInput(rule.problems) }
        return try await decide(id, caller: caller, action: .policyRuleEdited) { proposal, _ in
            guard proposal.rule?.kind == rule.kind else {
                throw ApplicationError.invalidInput(["An edit keeps the proposal's kind of rule."])
            }
            proposal.rule = rule
        }
    }

    /// Applies the proposal's rule to the policy, with its sentence as the citation.
    public func accept(_ id: RuleProposalID, caller: Caller) async throws -> RuleProposal {
        try caller.require(.admin)
        return try await decide(id, caller: caller, action: .policyRuleAccepted) { proposal, scope in
            guard let rule = proposal.rule else { throw Self.notOpen }
            var policy = try await scope.tenant.policy()
            rule.apply(to: &policy, quote: proposal.quote)
            guard policy.problems.isEmpty else { throw ApplicationError.invalidInput(policy.problems) }
            try await scope.tenant.savePolicy(policy)
            proposal.status = .accepted
            proposal.decidedAt = runtime.clock.now()
        }
    }

    public func reject(_ id: RuleProposalID, caller: Caller) async throws -> RuleProposal {
        try caller.require(.admin)
        return try await decide(id, caller: caller, action: .policyRuleRejected) { proposal, _ in
            proposal.status = .rejected
            proposal.decidedAt = runtime.clock.now()
        }
    }

    static let notOpen = ApplicationError(
        .conflict, code: "proposal_not_open",
        message: "Only a proposal under review can be changed; refused, accepted and rejected ones stay as they are.")

    /// Loads a proposal under review, changes it, saves it and audits the change, in one
    /// transaction.
    private func decide(
        _ id: RuleProposalID, caller: Caller, action: AuditEntry.Action,
        _ change: @Sendable (inout RuleProposal, any TenantScope) async throws -> Void
    ) async throws -> RuleProposal {
        try await storage.withTenant(caller.tenantID) { [runtime] scope in
            guard var proposal = try await scope.mirror.proposal(id) else { throw ApplicationError.notFound }
            guard proposal.status == .proposed else { throw Self.notOpen }
            try await change(&proposal, scope)
            try await scope.mirror.saveProposal(proposal)
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil,
                    at: runtime.clock.now(), actor: caller.user.email.value, action: action,
                    detail: ["proposal_id": id.description, "kind": proposal.rule?.kind.rawValue ?? ""]))
            return proposal
        }
    }
}
