/// The five things a check looks at.
public enum Dimension: String, Sendable, Codable, CaseIterable {
    case amount
    case date
    case invoice
    case policy
    case memory
}
