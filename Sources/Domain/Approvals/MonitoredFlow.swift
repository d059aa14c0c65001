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
    /// When an admin stopped watching the flow. An archived flow gets no new claims; its
    /// submissions, checks, decisions and audit trail stay.
    public var archivedAt: Date?

    public var isArchived: Bool { archivedAt != nil }

    public init(
        id: FlowID, tenantID: TenantID, approvalCode: String, name: String, mapping: FormFieldMapping,
        subscribed: Bool, createdAt: Date, archivedAt: Date? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.approvalCode = approvalCode
        self.name = name
        self.mapping = mapping
        self.subscribed = subscribed
        self.createdAt = createdAt
        self.archivedAt = archivedAt
    }
}
