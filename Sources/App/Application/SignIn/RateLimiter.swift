public import Foundation
import Synchronization

/// Fixed-window counters per key, in memory, for limits that are this process's own (the hourly
/// budget of outgoing mail). Limits that must hold across instances are a ``SharedRateLimiter``'s.
///
/// Memory is bounded without ever scanning under the lock: counters live in two generations, and
/// when the current one is full it becomes the previous one and the oldest generation is dropped.
/// A key in use moves back to the current generation, so only keys idle for a generation go.
public final class RateLimiter: Sendable {
    private struct Window {
        var start: Date
        var count: Int
    }

    private struct Generations {
        var current: [String: Window] = [:]
        var previous: [String: Window] = [:]
    }

    private let generations = Mutex(Generations())
    /// Keys kept in each generation; at most twice this many are held.
    private let keysPerGeneration: Int

    public init(maximumKeys: Int = 100_000) { keysPerGeneration = max(1, maximumKeys / 2) }

    /// Counts one event for `key` and says whether it is within `limit` per `period` seconds.
    public func allow(_ key: String, limit: Int, per period: TimeInterval, now: Date) -> Bool {
        let (allowed, retired) = generations.withLock { generations -> (Bool, [String: Window]) in
            var retired: [String: Window] = [:]
            var window =
                generations.current[key] ?? generations.previous.removeValue(forKey: key)
                ?? Window(start: now, count: 0)
            if now.timeIntervalSince(window.start) >= period { window = Window(start: now, count: 0) }
            window.count += 1
            if generations.current[key] == nil, generations.current.count >= keysPerGeneration {
                retired = generations.previous
                generations.previous = generations.current
                generations.current = [:]
            }
            generations.current[key] = window
            return (window.count <= limit, retired)
        }
        _ = consume retired  // freed here, outside the lock
        return allowed
    }

    /// Keys held now (for tests of the bound).
    public var keyCount: Int { generations.withLock { $0.current.count + $0.previous.count } }
}
