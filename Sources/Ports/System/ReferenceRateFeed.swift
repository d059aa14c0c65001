public import Domain

/// A public daily reference-rate feed (the ECB's euro reference rates): its recent days.
public protocol ReferenceRateFeed: Sendable {
    /// Every day the feed publishes for the last months, newest first. Throws
    /// ``ReferenceRateFeedError`` when the feed cannot be read.
    func recentDays() async throws -> [ReferenceRates]
}

public struct ReferenceRateFeedError: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { "rates.feed_unavailable(\(reason))" }
}
