import Foundation

/// What an erased person becomes: `erased-` and 16 hex digits of fresh randomness, the same for
/// every row of one erasure (so "the same person decided these" survives) and derived from
/// nothing about the person, so it cannot be reversed.
public struct Pseudonym: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// At least 8 random bytes; the first 8 are used.
    public init?(randomBytes: [UInt8]) {
        guard randomBytes.count >= 8 else { return nil }
        value = "erased-" + Hex.lowercase(randomBytes.prefix(8))
    }

    public var description: String { value }

    /// The actor an audit entry names in place of the person's.
    public func actor(replacing person: PersonReference) -> String {
        switch person {
        case .larkUser: "lark:" + value
        case .email, .account: value
        }
    }
}
