public import Foundation

/// A Lark approval definition Kopi watches, with how its form maps onto an expense claim.
public struct MonitoredFlow: Hashable, Sendable, Codable {
    public let id: FlowID
    public let tenantID: TenantID
    /// Lark's `approval_code` of the definition.
    public let approvalCode: String
    public var name: String
    public var mapping: FormFieldMapping
    public var subscribed: Bool
    public let createdAt: Date

    public init(
        id: FlowID, tenantID: TenantID, approvalCode: String, name: String, mapping: FormFieldMapping,
        subscribed: Bool, createdAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.approvalCode = approvalCode
        self.name = name
        self.mapping = mapping
        self.subscribed = subscribed
        self.createdAt = createdAt
    }
}
