public import Domain
import Synchronization

/// The ids of events this process found in a tenant's inbox lately, so a push Lark delivers
/// again (it delivers at least once, and again when an answer is late) is answered as the
/// duplicate it is without a transaction. An id is remembered only after the transaction that
/// stored it (or found it stored) committed, so a remembered id was stored; every other id is
/// still decided by the inbox's UNIQUE constraint. Per tenant: one tenant's ids never answer
/// another's pushes.
///
/// Two generations of at most half the ``capacity`` each: when the newer fills, the older is
/// dropped and the newer takes its place. So the latest `capacity / 2` ids at least are always
/// remembered, in bounded memory (about 100 bytes an id of Lark's shape: 10 MiB when full), at
/// one lock and one hash per push.
public final class RecentEventIDs: Sendable {
    struct Key: Hashable {
        let tenantID: TenantID
        let eventID: EventID

        init(tenantID: TenantID, eventID: String) {
            self.tenantID = tenantID
            self.eventID = EventID(eventID)
        }
    }

    /// An event id as kept: Lark's ids (32 lower-case hex digits) in two words, with no string
    /// to allocate; any other id as it is. Only lower-case digits are packed, so two different
    /// ids never become the same key.
    enum EventID: Hashable {
        case hex(UInt64, UInt64)
        case text(String)

        init(_ id: String) {
            var words: (UInt64, UInt64) = (0, 0)
            var count = 0
            for byte in id.utf8 {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                default:
                    self = .text(id)
                    return
                }
                if count < 16 {
                    words.0 = words.0 << 4 | UInt64(digit)
                } else {
                    words.1 = words.1 << 4 | UInt64(digit)
                }
                count += 1
                if count > 32 { break }
            }
            self = count == 32 ? .hex(words.0, words.1) : .text(id)
        }
    }

    struct Generations {
        var newer: Set<Key> = []
        var older: Set<Key> = []
    }

    public let capacity: Int
    private let generations = Mutex(Generations())

    public init(capacity: Int = 100_000) {
        self.capacity = max(2, capacity)
    }

    /// Whether the event is known to be in the tenant's inbox.
    public func contains(_ eventID: String, tenant: TenantID) -> Bool {
        let key = Key(tenantID: tenant, eventID: eventID)
        return generations.withLock { $0.newer.contains(key) || $0.older.contains(key) }
    }

    /// Records an event the tenant's inbox holds, its transaction committed.
    public func remember(_ eventID: String, tenant: TenantID) {
        let key = Key(tenantID: tenant, eventID: eventID)
        generations.withLock { generations in
            guard !generations.older.contains(key), generations.newer.insert(key).inserted else { return }
            if generations.newer.count >= capacity / 2 {
                generations.older = generations.newer
                generations.newer = Set(minimumCapacity: capacity / 2)
            }
        }
    }

    public var count: Int { generations.withLock { $0.newer.count + $0.older.count } }
}
