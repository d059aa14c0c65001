import Foundation

/// Why an approver decided as they did, typed on the card: the Lark task's comment for a
/// rejection (or an approval), the question posted in the approval's comments for "Ask for
/// info", and stored with the decision.
///
/// Control characters other than line breaks are removed, the text is trimmed and capped at
/// ``maxLength`` characters (the card's input takes no more, so anything longer was not typed
/// on a card). Blank text is no reason.
public struct DecisionReason: Hashable, Sendable, Codable, CustomStringConvertible {
    public let text: String

    /// The card input's `max_length`, in characters.
    public static let maxLength = 500

    public init?(_ raw: String) {
        var scalars = String.UnicodeScalarView()
        scalars.append(
            contentsOf: raw.unicodeScalars.filter { $0 == "\n" || $0.properties.generalCategory != .control })
        let trimmed = String(scalars).trimmingWhitespaceAndNewlines()
        guard !trimmed.isEmpty else { return nil }
        text = String(trimmed.prefix(Self.maxLength)).trimmingWhitespaceAndNewlines()
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let reason = DecisionReason(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "blank reason"))
        }
        self = reason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension Decision.Outcome {
    /// Rejecting and asking for information need a reason; approving does not.
    public var needsReason: Bool { self != .approve }
}
