/// A credential in memory: App Secret, Encrypt Key, Verification Token, tokens.
///
/// Its description, debug description and mirror are `<redacted>`, and it is deliberately not
/// `Encodable`, so it cannot reach a log line, a `dump`, or a JSON response by accident.
/// The one way to read it is ``revealForOutboundUse()``, which code review can search for.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var isEmpty: Bool { value.isEmpty }

    /// The clear text, for the code that builds an outbound request or verifies a signature.
    public func revealForOutboundUse() -> String { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension Secret: Decodable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }
}
