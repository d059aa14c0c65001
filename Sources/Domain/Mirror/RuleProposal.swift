public import Foundation

/// A rule the AI proposed from a policy document, with the exact sentence it came from. Nothing
/// takes effect until an admin accepts it; a proposal whose quotation is not in the document, or
/// whose rule Kopi cannot apply, is refused on arrival and can never be accepted.
public struct RuleProposal: Hashable, Sendable {
    public let id: RuleProposalID
    public let tenantID: TenantID
    public let documentID: PolicyDocumentID
    /// Nil when the AI's answer named no rule Kopi understands (it is then refused).
    public var rule: PolicyRule?
    public let quote: String
    public var status: Status
    public let createdAt: Date
    public var decidedAt: Date?

    public enum Status: Hashable, Sendable {
        case proposed
        case accepted
        case rejected
        case refused(Refusal)

        public var name: String {
            switch self {
            case .proposed: "proposed"
            case .accepted: "accepted"
            case .rejected: "rejected"
            case .refused: "refused"
            }
        }
    }

    /// Why Kopi refused a proposal before any admin saw it as acceptable.
    public enum Refusal: String, Hashable, Sendable, Codable {
        /// The quotation is not, word for word, in the document: an invented citation.
        case quoteNotInDocument = "quote_not_in_document"
        /// The AI named a rule Kopi's check does not apply, or one with impossible values.
        case unusableRule = "unusable_rule"
    }

    /// What the AI proposed, before Kopi checked it.
    public struct Draft: Hashable, Sendable {
        public let rule: PolicyRule?
        public let quote: String

        public init(rule: PolicyRule?, quote: String) {
            self.rule = rule
            self.quote = quote
        }
    }

    /// The longest quotation kept: a sentence or two, not a chapter.
    public static let maximumQuoteCharacters = 1000

    public init(
        id: RuleProposalID, tenantID: TenantID, documentID: PolicyDocumentID, rule: PolicyRule?, quote: String,
        status: Status, createdAt: Date, decidedAt: Date? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.documentID = documentID
        self.rule = rule
        self.quote = quote
        self.status = status
        self.createdAt = createdAt
        self.decidedAt = decidedAt
    }

    /// Checks a draft against its document: refused when its quotation is not there word for
    /// word, or its rule is missing or cannot apply; else proposed for an admin's review.
    public static func reviewed(
        _ draft: Draft, id: RuleProposalID, document: PolicyDocument, at now: Date
    ) -> RuleProposal {
        let quote = String(draft.quote.trimmingWhitespaceAndNewlines().prefix(maximumQuoteCharacters))
        let status: Status
        if !document.contains(quote) {
            status = .refused(.quoteNotInDocument)
        } else if let rule = draft.rule, rule.problems.isEmpty {
            status = .proposed
        } else {
            status = .refused(.unusableRule)
        }
        return RuleProposal(
            id: id, tenantID: document.tenantID, documentID: document.id, rule: draft.rule, quote: quote,
            status: status, createdAt: now)
    }
}

public typealias RuleProposalID = Identifier<RuleProposal>
