public import Domain

/// The phrases of each language Kopi writes in: `English.swift` and `Chinese.swift`, one
/// catalogue per language with the same keys and placeholders (a test holds them to it).
public enum Catalogue {
    public static func phrases(_ language: Language) -> [Phrase: String] {
        switch language {
        case .english: english
        case .chinese: chinese
        }
    }
}
