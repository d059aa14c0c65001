public import Domain
public import Foundation

/// Lark's pushes, deduplicated by a database UNIQUE key on (tenant, event id).
public protocol EventInbox: Sendable {
    /// Stores the event unless one with the same id exists. Returns true when stored now, false
    /// for a duplicate. Exactly one of any number of concurrent inserts of one id returns true.
    /// Throws ``StoreError/tenantMismatch`` when the event names another tenant.
    func insertIfAbsent(_ event: InboxEvent) async throws -> Bool
    /// Stores each event unless one with the same id exists or comes earlier in `events`, as
    /// ``insertIfAbsent(_:)-(InboxEvent)`` would one by one; returns the ids stored now.
    func insertIfAbsent(_ events: [InboxEvent]) async throws -> Set<String>
    func event(id: String) async throws -> InboxEvent?
    /// Deletes events received before `cutoff`; returns how many.
    func purge(receivedBefore cutoff: Date) async throws -> Int
}

extension EventInbox {
    public func insertIfAbsent(_ events: [InboxEvent]) async throws -> Set<String> {
        var stored: Set<String> = []
        for event in events where try await insertIfAbsent(event) { stored.insert(event.eventID) }
        return stored
    }
}
