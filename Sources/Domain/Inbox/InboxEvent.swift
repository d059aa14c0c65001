public import Foundation

/// The metadata of one event pushed by Lark, as stored in the inbox. Never form values.
public struct InboxEvent: Hashable, Sendable, Codable {
    public let tenantID: TenantID
    /// Lark's event id (`uuid` in v1 envelopes, `header.event_id` in v2): the dedup key per tenant.
    public let eventID: String
    /// e.g. `approval_instance`, `approval_task`, `card.action.trigger`.
    public let type: String
    public let approvalCode: String?
    public let instanceCode: String?
    public let status: String?
    public let receivedAt: Date

    public init(
        tenantID: TenantID, eventID: String, type: String, approvalCode: String? = nil, instanceCode: String? = nil,
        status: String? = nil, receivedAt: Date
    ) {
        self.tenantID = tenantID
        self.eventID = eventID
        self.type = type
        self.approvalCode = approvalCode
        self.instanceCode = instanceCode
        self.status = status
        self.receivedAt = receivedAt
    }

    /// How long dedup keys are kept: above Lark's retry window, with margin (8 days).
    public static let retention: TimeInterval = 8 * 24 * 3600
}
