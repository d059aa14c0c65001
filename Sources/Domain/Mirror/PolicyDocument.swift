public import Foundation

/// A company's written expense policy as an admin pasted or uploaded it: its text (a PDF's as
/// `pdftotext` read it), kept so every proposal's quotation can be checked against it and shown
/// in context. Its file is never kept.
public struct PolicyDocument: Hashable, Sendable, Codable {
    public let id: PolicyDocumentID
    public let tenantID: TenantID
    public let name: String
    public let text: String
    public let importedAt: Date

    /// About 50,000 tokens of text: a long policy, and well within one AI request.
    public static let maximumCharacters = 200_000
    /// A PDF above this is refused before it is read.
    public static let maximumPDFBytes = 10 << 20

    public init(id: PolicyDocumentID, tenantID: TenantID, name: String, text: String, importedAt: Date) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.text = text
        self.importedAt = importedAt
    }

    /// Whether `quote` appears in the document, word for word. Runs of white space count as one
    /// space and typographic quotes as plain ones (a PDF's line breaks and a model's quotes), and
    /// nothing else is forgiven: a paraphrase is not a quotation.
    public func contains(_ quote: String) -> Bool {
        let needle = Self.normalised(quote)
        return !needle.isEmpty && Self.normalised(text).contains(needle)
    }

    static func normalised(_ text: String) -> String {
        var out = ""
        var space = false
        for character in text {
            if character.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" ") }
            space = false
            switch character {
            case "\u{2018}", "\u{2019}": out.append("'")
            case "\u{201C}", "\u{201D}": out.append("\"")
            default: out.append(character)
            }
        }
        return out
    }
}

public typealias PolicyDocumentID = Identifier<PolicyDocument>
