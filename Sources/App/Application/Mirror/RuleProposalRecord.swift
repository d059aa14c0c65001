public import Domain
public import Foundation

/// A proposal as the API and the workspace export write it.
public struct RuleProposalRecord: Encodable, Sendable {
    public let id: String
    public let documentId: String
    public let documentName: String?
    public let status: String
    public let refusal: String?
    public let rule: PolicyRule?
    public let quote: String
    public let createdAt: Date
    public let decidedAt: Date?

    public init(_ proposal: RuleProposal, documentName: String? = nil) {
        id = proposal.id.description
        documentId = proposal.documentID.description
        self.documentName = documentName
        status = proposal.status.name
        refusal = if case .refused(let why) = proposal.status { why.rawValue } else { nil }
        rule = proposal.rule
        quote = proposal.quote
        createdAt = proposal.createdAt
        decidedAt = proposal.decidedAt
    }
}
