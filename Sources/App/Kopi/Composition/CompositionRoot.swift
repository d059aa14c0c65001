import Adapters
import Application
import Demo
import Foundation
import HTTP
import Hummingbird
import Logging
import Ports
import ServiceLifecycle

/// The one place that names concrete adapters. `kopi serve`, `kopi demo` and the app tests build
/// the service through these functions.
enum CompositionRoot {
    /// Opens and migrates the configured storage, after checking it is reachable and writable.
    static func makeStorage(_ configuration: AppConfiguration, logger: Logger, keyring: MasterKeyring? = nil)
        async throws -> SQLStorage
    {
        if let problem = StorageFactory.problem(with: configuration.database) {
            throw ConfigurationError(problems: [problem])
        }
        let sealer = AESGCMSecretSealer(
            keyring: try keyring ?? MasterKeySource.keyring(for: configuration, logger: logger))
        let storage: SQLStorage
        do {
            storage = try await StorageFactory.open(
                configuration.database, sealer: sealer, migrationURL: configuration.databaseOwnerURL)
        } catch let error as StoreError {
            throw ConfigurationError(problems: ["cannot open the database at \(configuration.database): \(error)"])
        }
        let weakened = try await storage.rowLevelSecurityWarnings()
        guard weakened.isEmpty || configuration.allowsRowLevelSecurityBypass else {
            await storage.close()
            throw ConfigurationError(
                problems: weakened.map { "row-level security is bypassed: \($0)" } + [
                    "connect as a role without these rights, or set KOPI_ALLOW_RLS_BYPASS=on to accept that"
                        + " tenant isolation then rests on Kopi's own queries alone"
                ])
        }
        for warning in weakened {
            logger.warning("row-level security is weakened (KOPI_ALLOW_RLS_BYPASS)", metadata: ["reason": "\(warning)"])
        }
        return storage
    }

    /// The production services over a storage: libcurl to Lark, the system clock and randomness.
    static func makeServices(
        storage: any Storage, http: CurlHTTPClient, aiHTTP: CurlHTTPClient? = nil, configuration: AppConfiguration,
        logger: Logger
    )
        -> AppServices
    {
        let clock = SystemWallClock()
        let exporter = MetricsExporter(jobs: storage.jobs)
        let gateway = MeteredLarkGateway(
            CurlLarkGateway(http: http, configuration: configuration.lark, clock: clock, logger: logger),
            metrics: exporter.metrics)
        // One transport: invoices and policies share the bound on AI calls in flight.
        let anthropic = configuration.anthropic.map {
            AnthropicTransport(http: aiHTTP ?? http, configuration: $0, logger: logger)
        }
        let reader = MeteredInvoiceReader(
            anthropic.map { AnthropicInvoiceReader(transport: $0) } ?? UnconfiguredInvoiceReader(),
            metrics: exporter.metrics)
        if configuration.anthropic == nil {
            logger.notice("KOPI_ANTHROPIC_API_KEY is not set: invoices will be marked not verified")
        }
        let mailer: any Mailer =
            configuration.smtp.map { CurlSMTPMailer(configuration: $0, randomness: SystemRandomness(), clock: clock) }
            ?? LogOutboxMailer()
        var services = AppServices(
            storage: storage, lark: gateway, invoiceReader: reader, mailer: mailer,
            pushAuthenticator: LarkPushCrypto(clock: clock),
            clock: clock, randomness: SystemRandomness(), publicURL: configuration.publicURL, logger: logger,
            metrics: exporter.metrics)
        services.metricsExposition = { await exporter.render() }
        // SQLite has one writer; Postgres overlaps transactions while each waits on its round trips.
        services.intakeGroupCommit = IntakeGroupCommit(
            writersPerTenant: AppConfiguration.isSQLite(configuration.database) ? 1 : 4)
        services.mailPerHour = configuration.mailPerHour
        services.identityProvider = configuration.google.map {
            OIDCProvider(http: http, configuration: $0, clock: clock, logger: logger)
        }
        services.rateFeed = configuration.exchangeRateFeedURL.map { ECBReferenceRateFeed(http: http, url: $0) }
        services.policyProposer = anthropic.map { AnthropicPolicyProposer(transport: $0) }
        services.documentText = PopplerTextReader()
        return services
    }

    /// The router, with the demo's pages when `demo` is given.
    static func buildRouter(_ services: AppServices, configuration: AppConfiguration, demo: Demo?) -> Router<
        KopiRequestContext
    > {
        var options = KopiRouter.Options(trustedProxies: configuration.trustedProxies)
        options.hstsIncludesSubdomains = configuration.hstsIncludesSubdomains
        options.metricsToken = configuration.metricsToken
        if let demo {
            options.extraPages.append(demo.pages(services))
            options.offersDemo = true
        }
        return KopiRouter.build(services, options: options)
    }

    /// In-process workers; their names are unique per process so leases tell them apart.
    static func workers(_ services: AppServices, count: Int, lease: Duration = .seconds(120)) -> WorkerService {
        let process = services.randomness.uuid().uuidString.prefix(8)
        return WorkerService(
            workers: (0..<count).map {
                var worker = Worker(services: services, name: "\(process)-\($0)")
                worker.lease = lease
                return worker
            })
    }

    static func reconciliation(_ services: AppServices) -> PeriodicService {
        let sweep = ReconciliationSweep(services: services)
        let logger = services.logger
        return PeriodicService(name: "ReconciliationSweep", interval: .seconds(15 * 60)) {
            let report = await sweep.runAll()
            logger.info(
                "reconciliation sweep",
                metadata: [
                    "flows": "\(report.flows)", "listed": "\(report.listed)", "enqueued": "\(report.enqueued)",
                    "resynced": "\(report.resynced)", "failures": "\(report.failures)", "skipped": "\(report.skipped)",
                ])
        }
    }

    static func retention(_ services: AppServices) -> PeriodicService {
        let sweep = RetentionSweep(services: services)
        let logger = services.logger
        return PeriodicService(name: "RetentionSweep", interval: .seconds(3600)) {
            let report = await sweep.run()
            logger.info(
                "retention purge",
                metadata: [
                    "inbox_events": "\(report.inboxEvents)", "submissions": "\(report.submissions)",
                    "audit_entries": "\(report.auditEntries)", "jobs": "\(report.jobs)",
                    "sign_ins": "\(report.signIns)", "failures": "\(report.failures)", "skipped": "\(report.skipped)",
                ])
        }
    }

    /// `GET /metrics` on `KOPI_METRICS_ADDRESS`, nothing else on that listener.
    static func metricsListener(_ services: AppServices, configuration: AppConfiguration) -> (any Service)? {
        guard let address = configuration.metricsAddress, let exposition = services.metricsExposition else {
            return nil
        }
        let router = Router()
        MetricsRoute(token: configuration.metricsToken, render: exposition).register(on: router)
        return NamedService(
            description: "Metrics(\(address.host):\(address.port))",
            base: Application(
                router: router,
                configuration: .init(address: .hostname(address.host, port: address.port), serverName: "kopi-metrics"),
                logger: services.logger))
    }

    static func reminders(_ services: AppServices) -> PeriodicService {
        let sweep = ReminderSweep(services: services)
        let logger = services.logger
        return PeriodicService(name: "ReminderSweep", interval: .seconds(10 * 60)) {
            let report = await sweep.runAll()
            guard report.sent > 0 || report.failures > 0 else { return }
            logger.info(
                "reminder sweep", metadata: ["sent": "\(report.sent)", "failures": "\(report.failures)"])
        }
    }

    /// The whole service: HTTP, the workers, the reconciliation sweep, and the resources they
    /// share, which the service group closes after everything else has stopped.
    static func buildApplication(
        _ services: AppServices, configuration: AppConfiguration, demo: Demo? = nil, resources: [any Service] = []
    ) -> some ApplicationProtocol {
        var background: [any Service] = resources
        background.append(reconciliation(services))
        background.append(retention(services))
        background.append(reminders(services))
        background.append(
            workers(services, count: configuration.workers, lease: .seconds(configuration.jobLeaseSeconds)))
        if let demo { background.append(DemoService(demo: demo)) }
        if let listener = metricsListener(services, configuration: configuration) { background.append(listener) }
        return Application(
            router: buildRouter(services, configuration: configuration, demo: demo),
            server: .http1BoundToEventLoop(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "kopi"),
            services: background,
            logger: services.logger)
    }
}
