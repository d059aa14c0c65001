public import Foundation

/// A user's membership of one workspace, with a role.
public struct Member: Hashable, Sendable, Codable {
    public let tenantID: TenantID
    public let userID: UserID
    public var role: Role
    public let joinedAt: Date

    public init(tenantID: TenantID, userID: UserID, role: Role, joinedAt: Date) {
        self.tenantID = tenantID
        self.userID = userID
        self.role = role
        self.joinedAt = joinedAt
    }
}
