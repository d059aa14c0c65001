import Foundation
import Ports

struct SQLRateLimitStore: RateLimitStore {
    let database: any SQLDatabase

    func hit(_ key: String, period: TimeInterval, now: Date) async throws -> Int {
        // One statement: a new window, one more in the current one, or a fresh one after it
        // ended. The row lock (Postgres) or the single writer (SQLite) orders concurrent hits.
        let row = try await database.transaction { session in
            try await session.first(
                """
                INSERT INTO rate_limits (key, count, ends_at) VALUES ($1, 1, $3)
                ON CONFLICT (key) DO UPDATE SET
                  count = CASE WHEN rate_limits.ends_at <= $2 THEN 1 ELSE rate_limits.count + 1 END,
                  ends_at = CASE WHEN rate_limits.ends_at <= $2 THEN $3 ELSE rate_limits.ends_at END
                RETURNING count
                """, key, SQLCoding.millis(now), SQLCoding.millis(now.addingTimeInterval(period)))
        }
        guard let row else { throw StoreError.corrupt(what: "rate limit counter") }
        return Int(try row.integer("count"))
    }

    func purge(endedBefore cutoff: Date) async throws -> Int {
        try await database.transaction { session in
            try await session.execute("DELETE FROM rate_limits WHERE ends_at < $1", SQLCoding.millis(cutoff))
        }
    }
}
