public import Foundation
import Synchronization

/// When the reference feed was last asked. After an answer it is asked again only once
/// ``afterAnswer`` has passed (a day it lacks is not published yet, or never will be); after a
/// failure only once ``afterFailure`` has.
public final class RateFeedThrottle: Sendable {
    public static let afterAnswer: TimeInterval = 3600
    public static let afterFailure: TimeInterval = 600

    private let next = Mutex<Date?>(nil)

    public init() {}

    /// Whether the feed may be asked at `now`; if so, reserves the attempt.
    public func take(now: Date) -> Bool {
        next.withLock { next in
            if let due = next, now < due { return false }
            next = now.addingTimeInterval(Self.afterFailure)
            return true
        }
    }

    /// Records how the attempt at `now` ended.
    public func settle(succeeded: Bool, now: Date) {
        next.withLock { $0 = now.addingTimeInterval(succeeded ? Self.afterAnswer : Self.afterFailure) }
    }
}
