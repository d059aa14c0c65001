import Foundation
import Ports

struct SQLLeaseStore: LeaseStore {
    let database: any SQLDatabase

    func acquire(_ name: String, owner: String, for duration: TimeInterval, now: Date) async throws -> Bool {
        // One statement: insert a free lease, or take over an expired or own one. The row lock
        // (Postgres) or the single writer (SQLite) makes concurrent callers see each other.
        let rows = try await database.transaction { session in
            try await session.query(
                """
                INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3)
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                WHERE leases.owner = excluded.owner OR leases.expires_at <= $4
                RETURNING owner
                """, name, owner, SQLCoding.millis(now.addingTimeInterval(duration)), SQLCoding.millis(now))
        }
        return !rows.isEmpty
    }

    func release(_ name: String, owner: String) async throws {
        try await database.transaction { session in
            _ = try await session.execute("DELETE FROM leases WHERE name = $1 AND owner = $2", name, owner)
        }
    }
}
