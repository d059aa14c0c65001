public import Foundation

/// Exponential backoff with full jitter, capped. The jitter fraction comes from the caller
/// (the Randomness port), so the schedule is reproducible in tests.
public struct RetryPolicy: Hashable, Sendable {
    public var base: TimeInterval
    public var cap: TimeInterval

    public init(base: TimeInterval = 5, cap: TimeInterval = 3600) {
        self.base = base
        self.cap = cap
    }

    /// Delay before the next try after `attempts` failed claims; `jitter` in 0...1.
    public func delay(afterAttempts attempts: Int, jitter: Double) -> TimeInterval {
        let exponent = Double(max(0, min(attempts - 1, 30)))
        let ceiling = min(cap, base * pow(2, exponent))
        let fraction = min(max(jitter, 0), 1)
        return ceiling / 2 + ceiling / 2 * fraction
    }
}
