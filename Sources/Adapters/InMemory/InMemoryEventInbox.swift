import Domain
import Foundation
import Ports

struct InMemoryEventInbox: EventInbox {
    let database: InMemoryDatabase
    let tenantID: TenantID

    func insertIfAbsent(_ event: InboxEvent) async throws -> Bool {
        guard event.tenantID == tenantID else { throw StoreError.tenantMismatch }
        return try await database.write { [tenantID] tables in
            guard tables.tenants[tenantID] != nil else { throw StoreError.invalidReference }
            guard tables.inbox[tenantID]?[event.eventID] == nil else { return false }
            tables.inbox[tenantID, default: [:]][event.eventID] = event
            return true
        }
    }

    func event(id: String) async throws -> InboxEvent? {
        await database.read { [tenantID] in $0.inbox[tenantID]?[id] }
    }

    func purge(receivedBefore cutoff: Date) async throws -> Int {
        await database.write { [tenantID] tables in
            let before = tables.inbox[tenantID]?.count ?? 0
            tables.inbox[tenantID] = tables.inbox[tenantID]?.filter { $0.value.receivedAt >= cutoff }
            return before - (tables.inbox[tenantID]?.count ?? 0)
        }
    }
}
