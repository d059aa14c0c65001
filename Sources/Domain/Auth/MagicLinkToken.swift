public import Foundation

/// A sign-in link as stored: the SHA-256 of its token, never the token itself.
public struct MagicLinkToken: Hashable, Sendable {
    /// SHA-256 of the 256-bit token, 32 bytes.
    public let tokenHash: [UInt8]
    public let email: EmailAddress
    public let createdAt: Date
    public let expiresAt: Date
    public var consumedAt: Date?

    /// The product's published promise: links expire after 15 minutes.
    public static let lifetime: TimeInterval = 15 * 60

    public init(tokenHash: [UInt8], email: EmailAddress, createdAt: Date, consumedAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.email = email
        self.createdAt = createdAt
        self.expiresAt = createdAt.addingTimeInterval(Self.lifetime)
        self.consumedAt = consumedAt
    }

    init(tokenHash: [UInt8], email: EmailAddress, createdAt: Date, expiresAt: Date, consumedAt: Date?) {
        self.tokenHash = tokenHash
        self.email = email
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.consumedAt = consumedAt
    }

    /// Rebuilds a stored token exactly as it was saved (storage adapters only).
    public static func restored(
        tokenHash: [UInt8], email: EmailAddress, createdAt: Date, expiresAt: Date, consumedAt: Date?
    )
        -> MagicLinkToken
    {
        MagicLinkToken(
            tokenHash: tokenHash, email: email, createdAt: createdAt, expiresAt: expiresAt, consumedAt: consumedAt)
    }

    /// Redeemable: never used and not yet expired.
    public func isRedeemable(at now: Date) -> Bool { consumedAt == nil && now < expiresAt }
}
