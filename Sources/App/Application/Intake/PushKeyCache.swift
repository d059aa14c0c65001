public import Domain
import Synchronization

/// A tenant's push keys by webhook endpoint, kept in memory for a bounded time so a push is
/// authenticated without a database read or an unsealing. Only ``LarkPushKeys`` are held, never
/// the App Secret. An entry lives ``timeToLive``; a connect or disconnect in this process drops
/// the tenant's entry at once, and a push that fails with a cached entry is tried once more with
/// the keys read afresh (a key rotated through another process). At most ``capacity`` entries:
/// when full, the oldest half is dropped.
public final class PushKeyCache: Sendable {
    public struct Entry: Sendable {
        public let tenantID: TenantID
        /// Nil for a workspace that has no Lark connection.
        public let keys: LarkPushKeys?
        let loadedAt: ContinuousClock.Instant
    }

    public let timeToLive: Duration
    public let capacity: Int
    private let entries = Mutex<[EndpointID: Entry]>([:])

    public init(timeToLive: Duration = .seconds(60), capacity: Int = 10_000) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    public func entry(_ endpoint: EndpointID) -> Entry? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[endpoint] else { return nil }
            guard now - entry.loadedAt < timeToLive else {
                entries[endpoint] = nil
                return nil
            }
            return entry
        }
    }

    @discardableResult
    public func store(_ endpoint: EndpointID, tenantID: TenantID, keys: LarkPushKeys?) -> Entry {
        let entry = Entry(tenantID: tenantID, keys: keys, loadedAt: .now)
        entries.withLock { entries in
            if entries.count >= capacity, entries[endpoint] == nil {
                let oldest = entries.sorted { $0.value.loadedAt < $1.value.loadedAt }.prefix(max(1, capacity / 2))
                for (key, _) in oldest { entries[key] = nil }
            }
            entries[endpoint] = entry
        }
        return entry
    }

    /// Drops every entry of the tenant (its connection changed).
    public func forget(tenant: TenantID) {
        entries.withLock { entries in entries = entries.filter { $0.value.tenantID != tenant } }
    }

    public var count: Int { entries.withLock { $0.count } }
}
