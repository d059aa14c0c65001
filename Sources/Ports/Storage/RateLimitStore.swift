public import Foundation

/// Request counters shared by every instance on one database, so a limit holds however many
/// instances serve the requests. A key's window starts at its first counted request and lasts
/// `period`; the first request after it starts a new one.
public protocol RateLimitStore: Sendable {
    /// Counts one request for `key` at `now` and returns how many its current window holds,
    /// this one included. Concurrent calls for one key each count once.
    func hit(_ key: String, period: TimeInterval, now: Date) async throws -> Int
    /// Deletes the counters whose window ended before `cutoff`; returns how many.
    func purge(endedBefore cutoff: Date) async throws -> Int
}
