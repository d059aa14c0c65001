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
    /// The mailer the composition root built; use cases send through ``mailer``.
    public let baseMailer: any Mailer
    public let pushAuthenticator: any LarkPushAuthenticator
    public let runtime: Runtime
    /// Google sign-in; nil hides it.
    public var identityProvider: (any IdentityProvider)? = nil
    /// Messages this process sends per hour at most, all recipients together (`KOPI_MAIL_PER_HOUR`).
    public var mailPerHour = 500
    /// The outgoing-mail budget's counter: this process's own, as `KOPI_MAIL_PER_HOUR` is.
    public var mailLimiter = RateLimiter(maximumKeys: 4)
    /// Rung when a job is enqueued, so idle workers start at once.
    public var bell = JobBell()
    /// Tenants' push keys by webhook endpoint, so a push is authenticated without a read.
    public var pushKeys = PushKeyCache()
    /// Approval codes seen watched, so a batch of pushes is written without a flow read.
    public var watchedFlows = MonitoredFlowCache()
    /// Event ids found in an inbox lately, so a redelivered push needs no transaction.
    public var recentEvents = RecentEventIDs()
    /// Pushes of one tenant written together under load.
    public var intakeGroupCommit = IntakeGroupCommit()
    /// The daily reference exchange rates (`KOPI_EXCHANGE_RATE_FEED_URL`); nil turns the feed
    /// off, leaving manual rates.
    public var rateFeed: (any ReferenceRateFeed)? = nil
    /// When the feed was last asked, so a day it lacks is not asked for on every claim.
    public var rateFeedThrottle = RateFeedThrottle()
    /// Proposes rules from a written policy (the AI); nil when no AI is configured.
    public var policyProposer: (any PolicyRuleProposer)? = nil
    /// Reads a policy PDF's text; nil when this server has no PDF reader.
    public var documentText: (any DocumentTextReader)? = nil
    /// The metrics in Prometheus' text format, from the composition root's registry; nil when
    /// metrics are not recorded.
    public var metricsExposition: (@Sendable () async -> String)? = nil

    public init(
        storage: any Storage, lark: any LarkGateway, invoiceReader: any InvoiceReader, mailer: any Mailer,
        pushAuthenticator: any LarkPushAuthenticator, clock: any WallClock, randomness: any Randomness, publicURL: URL,
        logger: Logger, metrics: KopiMetrics = .disabled
    ) {
        self.storage = storage
        self.lark = lark
        self.readers = InvoiceReaders(standard: invoiceReader)
        self.baseMailer = mailer
        self.pushAuthenticator = pushAuthenticator
        self.runtime = Runtime(
            clock: clock, randomness: randomness, logger: logger, publicURL: publicURL, metrics: metrics)
    }

    /// Mail as use cases send it: under the process's hourly budget.
    /// Sign-in and invitation limits, counted in storage across instances.
    public var rateLimiter: SharedRateLimiter { SharedRateLimiter(store: storage.rateLimits) }

    public var mailer: any Mailer {
        BudgetedMailer(
            base: baseMailer, limiter: mailLimiter, perHour: mailPerHour, clock: runtime.clock, metrics: runtime.metrics
        )
    }

    public var clock: any WallClock { runtime.clock }
    public var randomness: any Randomness { runtime.randomness }
    public var logger: Logger { runtime.logger }
    public var metrics: KopiMetrics { runtime.metrics }
    public var publicURL: URL { runtime.publicURL }
}
