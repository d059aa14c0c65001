public import Foundation

/// Wall-clock time, injected so expiry, leases and timelines are testable.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
