public import Foundation
import Synchronization

/// Fixed-window counters per key, in memory: enough to stop one client address from flooding the
/// sign-in endpoints of one process. (Per-e-mail limits are counted in storage, across processes.)
public final class RateLimiter: Sendable {
    private struct Window {
        public var start: Date
        public var count: Int
    }

    private let windows = Mutex<[String: Window]>([:])
    private let maximumKeys: Int

    public init(maximumKeys: Int = 100_000) { self.maximumKeys = maximumKeys }

    /// Counts one event for `key` and says whether it is within `limit` per `period` seconds.
    public func allow(_ key: String, limit: Int, per period: TimeInterval, now: Date) -> Bool {
        windows.withLock { windows in
            if windows.count >= maximumKeys {
                windows = windows.filter { now.timeIntervalSince($0.value.start) < 3600 }
            }
            var window = windows[key] ?? Window(start: now, count: 0)
            if now.timeIntervalSince(window.start) >= period { window = Window(start: now, count: 0) }
            window.count += 1
            windows[key] = window
            return window.count <= limit
        }
    }
}
