import Foundation
import Ports

struct InMemoryRateLimitStore: RateLimitStore {
    let database: InMemoryDatabase

    func hit(_ key: String, period: TimeInterval, now: Date) async throws -> Int {
        await database.write { tables in
            var counter = tables.rateLimits[key] ?? (count: 0, endsAt: now.addingTimeInterval(period))
            if counter.endsAt <= now { counter = (0, now.addingTimeInterval(period)) }
            counter.count += 1
            tables.rateLimits[key] = counter
            return counter.count
        }
    }

    func purge(endedBefore cutoff: Date) async throws -> Int {
        await database.write { tables in
            let ended = tables.rateLimits.filter { $0.value.endsAt < cutoff }.map(\.key)
            for key in ended { tables.rateLimits[key] = nil }
            return ended.count
        }
    }
}
