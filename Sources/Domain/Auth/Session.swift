public import Foundation

/// A signed-in browser. Stored by the SHA-256 of its cookie value.
public struct Session: Hashable, Sendable {
    public let idHash: [UInt8]
    public let userID: UserID
    /// The workspace the person is looking at; access is re-checked against membership.
    public var activeTenantID: TenantID?
    public let createdAt: Date
    public var lastSeenAt: Date

    /// Ends after 12 hours without a request.
    public static let idleTimeout: TimeInterval = 12 * 3600
    /// Ends 7 days after sign-in whatever happens.
    public static let absoluteTimeout: TimeInterval = 7 * 24 * 3600

    public init(idHash: [UInt8], userID: UserID, activeTenantID: TenantID?, createdAt: Date, lastSeenAt: Date) {
        self.idHash = idHash
        self.userID = userID
        self.activeTenantID = activeTenantID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }

    public func isValid(at now: Date) -> Bool {
        now < createdAt.addingTimeInterval(Self.absoluteTimeout)
            && now < lastSeenAt.addingTimeInterval(Self.idleTimeout)
    }
}
