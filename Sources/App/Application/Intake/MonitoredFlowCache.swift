public import Domain
import Synchronization

/// The approval codes a tenant watches, remembered for a bounded time so a batch of pushes
/// needs no flow read. Only "watched" is remembered, never "not watched": a flow added in any
/// process is seen by the very next push, so no claim is missed. A stale entry (a flow archived
/// through another process within ``timeToLive``) costs one job that fetches the instance and
/// finds no flow; archiving in this process drops the tenant's entries at once. At most
/// ``capacity`` entries: when full, the oldest half is dropped.
public final class MonitoredFlowCache: Sendable {
    struct Key: Hashable {
        let tenantID: TenantID
        let approvalCode: String
    }

    public let timeToLive: Duration
    public let capacity: Int
    private let entries = Mutex<[Key: ContinuousClock.Instant]>([:])

    public init(timeToLive: Duration = .seconds(30), capacity: Int = 10_000) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// Whether the code was seen watched within ``timeToLive``.
    public func isWatched(_ approvalCode: String, tenant: TenantID) -> Bool {
        let key = Key(tenantID: tenant, approvalCode: approvalCode)
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let seenAt = entries[key] else { return false }
            guard now - seenAt < timeToLive else {
                entries[key] = nil
                return false
            }
            return true
        }
    }

    public func watched(_ approvalCode: String, tenant: TenantID) {
        let key = Key(tenantID: tenant, approvalCode: approvalCode)
        let now = ContinuousClock.now
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil {
                let oldest = entries.sorted { $0.value < $1.value }.prefix(max(1, capacity / 2))
                for (key, _) in oldest { entries[key] = nil }
            }
            entries[key] = now
        }
    }

    /// Drops every code of the tenant (one of its flows was archived).
    public func forget(tenant: TenantID) {
        entries.withLock { entries in entries = entries.filter { $0.key.tenantID != tenant } }
    }

    public var count: Int { entries.withLock { $0.count } }
}
