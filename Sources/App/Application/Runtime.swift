public import Foundation
public import Logging
public import Ports

/// What every use case reads from its surroundings rather than from a port of its own: the time,
/// random identifiers, where to log and count, and the public address its links point at.
public struct Runtime: Sendable {
    public let clock: any WallClock
    public let randomness: any Randomness
    public let logger: Logger
    public let publicURL: URL
    public let metrics: KopiMetrics

    public init(
        clock: any WallClock, randomness: any Randomness, logger: Logger, publicURL: URL,
        metrics: KopiMetrics = .disabled
    ) {
        self.clock = clock
        self.randomness = randomness
        self.logger = logger
        self.publicURL = publicURL
        self.metrics = metrics
    }

    /// The public address without a trailing slash, for building links.
    public var baseURL: String { publicURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
}
