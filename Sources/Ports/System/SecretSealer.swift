public import Domain

/// Authenticated encryption of secrets at rest, bound to where they are stored.
public protocol SecretSealer: Sendable {
    /// Seals `secret` so that it opens only with the same `context`.
    func seal(_ secret: Secret, context: SealingContext) throws -> [UInt8]
    /// Opens a sealed value. Throws ``SealingError`` when the key is unknown, the bytes were
    /// altered, or the context differs (a ciphertext moved to another tenant or field).
    func open(_ sealed: [UInt8], context: SealingContext) throws -> Secret
    /// The id of the key new values are sealed under.
    var currentKeyID: String { get }
    /// The id of the key that sealed `sealed`, read from its header; nil when it has none.
    func keyID(of sealed: [UInt8]) -> String?
}

/// Where a sealed value lives; authenticated as associated data.
public struct SealingContext: Hashable, Sendable {
    public let scope: String
    public let field: String

    public init(scope: String, field: String) {
        self.scope = scope
        self.field = field
    }

    public static func tenant(_ id: TenantID, field: String) -> SealingContext {
        SealingContext(scope: "tenant:\(id)", field: field)
    }

    /// The associated-data bytes.
    public var associatedData: [UInt8] { Array("kopi/v1|\(scope)|\(field)".utf8) }
}

public enum SealingError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed
    case unknownKey(id: String)
    case authenticationFailed

    public var description: String {
        switch self {
        case .malformed: "sealing.malformed"
        case .unknownKey(let id): "sealing.unknown_key(\(id))"
        case .authenticationFailed: "sealing.authentication_failed"
        }
    }
}

extension SealingContext {
    /// The context of an OAuth transient value, bound to its state hash.
    public static func oauth(stateHash: [UInt8], field: String) -> SealingContext {
        let hex = stateHash.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
        return SealingContext(scope: "oauth:\(hex)", field: field)
    }
}
