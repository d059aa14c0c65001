public import Domain

/// A workspace's imported policy documents and the rules proposed from them, inside its
/// transaction. Documents are kept with their text (for checking and showing quotations); the
/// files they came from never are.
public protocol PolicyMirrorStore: Sendable {
    func saveDocument(_ document: PolicyDocument) async throws
    func document(_ id: PolicyDocumentID) async throws -> PolicyDocument?
    /// Every document, newest first.
    func documents() async throws -> [PolicyDocument]
    /// Inserts a proposal, or replaces the one with its id (an edit, a decision).
    func saveProposal(_ proposal: RuleProposal) async throws
    func proposal(_ id: RuleProposalID) async throws -> RuleProposal?
    /// Every proposal, the newest document's first, then in the order they were made.
    func proposals() async throws -> [RuleProposal]
}
