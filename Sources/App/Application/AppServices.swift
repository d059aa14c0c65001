import Domain
public import Foundation
public import Logging
public import Ports

/// The ports the composition root built, from which each use case takes the two to four it
/// needs (see `AppServices+UseCases.swift`). Tests build it over in-memory storage and fakes.
public struct AppServices: Sendable {
    public let storage: any Storage
    public var lark: any LarkGateway
    public var readers: InvoiceReaders
    public let mailer: any Mailer
    public let pushAuthenticator: any LarkPushAuthenticator
    public let runtime: Runtime
    /// Google sign-in; nil hides it.
    public var identityProvider: (any IdentityProvider)? = nil
    /// Per-client-address limits of this process.
    public var rateLimiter = RateLimiter()
    /// Rung when a job is enqueued, so idle workers start at once.
    public var bell = JobBell()
    /// Tenants' push keys by webhook endpoint, so a push is authenticated without a read.
    public var pushKeys = PushKeyCache()
    /// Pushes of one tenant written together under load.
    public var intakeGroupCommit = IntakeGroupCommit()

    public init(
        storage: any Storage, lark: any LarkGateway, invoiceReader: any InvoiceReader, mailer: any Mailer,
        pushAuthenticator: any LarkPushAuthenticator, clock: any WallClock, randomness: any Randomness, publicURL: URL,
        logger: Logger
    ) {
        self.storage = storage
        self.lark = lark
        self.readers = InvoiceReaders(standard: invoiceReader)
        self.mailer = mailer
        self.pushAuthenticator = pushAuthenticator
        self.runtime = Runtime(clock: clock, randomness: randomness, logger: logger, publicURL: publicURL)
    }

    public var clock: any WallClock { runtime.clock }
    public var randomness: any Randomness { runtime.randomness }
    public var logger: Logger { runtime.logger }
    public var publicURL: URL { runtime.publicURL }
}
