public import Domain

/// Reads a written expense policy and proposes rules Kopi's check can apply, each with the exact
/// sentence it came from. It only proposes: Kopi checks every quotation against the document,
/// and an admin accepts each rule or not.
public protocol PolicyRuleProposer: Sendable {
    /// `text` is the whole policy, in any language.
    func propose(from text: String) async throws(InvoiceReaderError) -> [RuleProposal.Draft]
}

/// The text of a PDF, read without any AI (so quotations can be checked against what the file
/// really says).
public protocol DocumentTextReader: Sendable {
    /// Throws ``DocumentTextError`` when the file is not a readable PDF or holds no text (a scan).
    func text(ofPDF bytes: [UInt8]) async throws -> String
}

public enum DocumentTextError: Error, Hashable, Sendable {
    /// Not a PDF that could be read.
    case unreadable
    /// A PDF without a text layer, such as a scan.
    case noText
    /// No PDF reader is installed on this server.
    case unavailable
}
