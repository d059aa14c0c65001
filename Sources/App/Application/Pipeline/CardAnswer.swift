import Domain

/// What Lark shows the tapper when Kopi answers a card callback: a toast, and optionally the
/// card that replaces the tapped one at once.
public struct CardAnswer: Sendable, Equatable {
    public enum Tone: String, Sendable { case success, info, warning, error }

    public let tone: Tone
    public let message: String
    /// A card's JSON text, as ``CheckCard/json(_:)`` writes it; embedded as it is.
    public let card: String?

    /// The callback response body Lark expects.
    public func json() -> String {
        var object: [String: Any] = ["toast": ["type": tone.rawValue, "content": message]]
        if let card { object["card"] = ["type": "raw", "data": JSONText.Raw(card)] }
        return CheckCard.text(object)
    }
}
