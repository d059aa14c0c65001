public import Foundation

/// A durable unit of background work. The payload is identifiers only, never form values or bytes.
public struct Job: Hashable, Sendable, Codable {
    public let id: JobID
    public let tenantID: TenantID
    public let kind: Kind
    /// What the job is about, e.g. an instance code or a submission id.
    public let subject: String
    public var state: State
    /// Claims so far, including the current one.
    public var attempts: Int
    public let maxAttempts: Int
    /// When the job is next due: its scheduled time while queued, its lease expiry while running
    /// (a worker that dies leaves the job due again then).
    public var runAt: Date
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    /// Stable error code of the last failure, shown for dead-lettered jobs.
    public var lastError: String?
    public let createdAt: Date

    public init(
        id: JobID, tenantID: TenantID, kind: Kind, subject: String, state: State = .queued, attempts: Int = 0,
        maxAttempts: Int = 8, runAt: Date, leaseOwner: String? = nil, leaseExpiresAt: Date? = nil,
        lastError: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.kind = kind
        self.subject = subject
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAt = runAt
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.lastError = lastError
        self.createdAt = createdAt
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case processInstance = "process_instance"
        /// Bring the stored status and every card of an instance in line with Lark.
        case instanceStatusChanged = "instance_status_changed"
        /// Act on Lark for a recorded card tap (subject: the tap id), then update the card.
        case cardAction = "card_action"
        case reconcileFlow = "reconcile_flow"
        /// Read attachments again that the AI could not read, re-check, and update the cards.
        case recheckInvoices = "recheck_invoices"
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        case queued
        case running
        case done
        case dead
    }
}
