public import Foundation

/// A workspace: one finance team, with its own Lark app, policy, approvals and memory.
public struct Tenant: Hashable, Sendable, Codable {
    public let id: TenantID
    public var name: String
    public var larkDomain: LarkDomain
    /// The unguessable 128-bit id in the tenant's webhook URLs; it names the tenant before any
    /// decryption happens.
    public let endpointID: EndpointID
    public let createdAt: Date

    public init(id: TenantID, name: String, larkDomain: LarkDomain, endpointID: EndpointID, createdAt: Date) {
        self.id = id
        self.name = name
        self.larkDomain = larkDomain
        self.endpointID = endpointID
        self.createdAt = createdAt
    }
}
