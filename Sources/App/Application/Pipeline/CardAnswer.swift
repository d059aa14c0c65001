import Foundation

/// What Lark shows the tapper when Kopi answers a card callback: a toast, and optionally the
/// card that replaces the tapped one at once.
public struct CardAnswer: Sendable, Equatable {
    public enum Tone: String, Sendable { case success, info, warning, error }

    public let tone: Tone
    public let message: String
    public let card: String?

    /// The callback response body Lark expects.
    public func json() -> String {
        var object: [String: Any] = ["toast": ["type": tone.rawValue, "content": message]]
        if let card, let data = try? JSONSerialization.jsonObject(with: Data(card.utf8)) {
            object["card"] = ["type": "raw", "data": data]
        }
        return CheckCard.text(object)
    }
}
