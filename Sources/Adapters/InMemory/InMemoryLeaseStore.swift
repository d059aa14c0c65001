import Foundation
import Ports

struct InMemoryLeaseStore: LeaseStore {
    let database: InMemoryDatabase

    func acquire(_ name: String, owner: String, for duration: TimeInterval, now: Date) async throws -> Bool {
        await database.write { tables in
            if let held = tables.leases[name], held.owner != owner, held.expiresAt > now { return false }
            tables.leases[name] = (owner, now.addingTimeInterval(duration))
            return true
        }
    }

    func release(_ name: String, owner: String) async throws {
        await database.write { tables in
            if tables.leases[name]?.owner == owner { tables.leases[name] = nil }
        }
    }
}
