import Adapters
import Foundation
import Hummingbird
import Logging
import Ports

/// The one place that names concrete adapters. `kopi serve` and the app tests build the service
/// through these functions.
enum CompositionRoot {
    /// Opens and migrates the configured storage, after checking it is reachable and writable.
    static func makeStorage(_ configuration: AppConfiguration, logger: Logger) async throws -> SQLStorage {
        if let problem = StorageFactory.problem(with: configuration.database) {
            throw ConfigurationError(problems: [problem])
        }
        let sealer = AESGCMSecretSealer(keyring: try MasterKeySource.keyring(for: configuration, logger: logger))
        let storage: SQLStorage
        do {
            storage = try await StorageFactory.open(
                configuration.database, sealer: sealer, migrationURL: configuration.databaseOwnerURL)
        } catch let error as StoreError {
            throw ConfigurationError(problems: ["cannot open the database at \(configuration.database): \(error)"])
        }
        for warning in try await storage.rowLevelSecurityWarnings() {
            logger.warning("row-level security is weakened", metadata: ["reason": "\(warning)"])
        }
        return storage
    }

    /// The production services over a storage: libcurl to Lark, the system clock and randomness.
    static func makeServices(storage: any Storage, configuration: AppConfiguration, logger: Logger) -> AppServices {
        let clock = SystemWallClock()
        let http = CurlHTTPClient()
        let gateway = CurlLarkGateway(http: http, configuration: configuration.lark, clock: clock, logger: logger)
        let reader: any InvoiceReader = configuration.anthropic.map {
            AnthropicInvoiceReader(http: http, configuration: $0, logger: logger)
        } ?? UnconfiguredInvoiceReader()
        if configuration.anthropic == nil {
            logger.notice("KOPI_ANTHROPIC_API_KEY is not set: invoices will be marked not verified")
        }
        var services = AppServices(
            storage: storage, lark: gateway, invoiceReader: reader,
            mailer: configuration.smtp.map { CurlSMTPMailer(configuration: $0, randomness: SystemRandomness(), clock: clock) } ?? LogOutboxMailer(),
            pushAuthenticator: LarkPushCrypto(clock: clock), clock: clock,
            randomness: SystemRandomness(), publicURL: configuration.publicURL, logger: logger)
        services.trustedProxies = configuration.trustedProxies
        let demo = DemoLark(clock: clock, logger: logger)
        services.demo = demo
        services.lark = DemoRoutingLarkGateway(real: gateway, demo: demo)
        services.identityProvider = configuration.google.map { OIDCProvider(http: http, configuration: $0, clock: clock, logger: logger) }
        return services
    }

    static func buildRouter(_ services: AppServices) -> Router<KopiRequestContext> {
        let router = Router(context: KopiRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ClientOriginMiddleware(trustedProxies: services.trustedProxies))
        router.add(middleware: HTTPSPolicyMiddleware(publicURL: services.publicURL))
        router.add(middleware: SameOriginMiddleware(publicURL: services.publicURL))
        let signIn = SignInService(services: services)
        let authenticator = SessionAuthenticator(signIn: signIn)
        HealthRoutes(storage: services.storage).register(on: router)
        SecurityTxtRoute(publicURL: services.publicURL, clock: services.clock).register(on: router)
        AuthRoutes(signIn: signIn, authenticator: authenticator).register(on: router)
        LarkConnectionRoutes(service: LarkConnectionService(services: services), authenticator: authenticator).register(on: router)
        FlowRoutes(service: FlowService(services: services), authenticator: authenticator).register(on: router)
        PolicyRoutes(services: services, authenticator: authenticator).register(on: router)
        ApprovalRoutes(queries: ApprovalQueries(services: services), authenticator: authenticator).register(on: router)
        RuleRoutes(service: RuleService(services: services), authenticator: authenticator).register(on: router)
        ReportRoutes(service: ReportService(services: services), authenticator: authenticator).register(on: router)
        MemberRoutes(service: MemberService(services: services), authenticator: authenticator).register(on: router)
        OpenAPIRoute().register(on: router)
        GoogleSignInRoutes(services: services, signIn: signIn).register(on: router)

        let chrome = PageChrome(services: services, authenticator: authenticator)
        StaticAssets().register(on: router)
        SignInPages(
            signIn: signIn, authenticator: authenticator, googleEnabled: services.identityProvider != nil
        ).register(on: router)
        ApprovalPages(chrome: chrome, queries: ApprovalQueries(services: services)).register(on: router)
        RulePages(chrome: chrome, rules: RuleService(services: services)).register(on: router)
        ReportPage(chrome: chrome, reports: ReportService(services: services)).register(on: router)
        SettingsPages(
            chrome: chrome, connection: LarkConnectionService(services: services), flows: FlowService(services: services),
            members: MemberService(services: services)
        ).register(on: router)
        if let demo = services.demo { DemoPages(chrome: chrome, demo: demo).register(on: router) }
        LarkWebhookRoutes(
            storage: services.storage, authenticator: services.pushAuthenticator, clock: services.clock,
            randomness: services.randomness, logger: services.logger, taps: CardTapRecorder(publicURL: services.publicURL, randomness: services.randomness)
        ).register(on: router)
        return router
    }

    /// In-process workers; their names are unique per process so leases tell them apart.
    static func workers(_ services: AppServices, count: Int) -> [Worker] {
        let process = services.randomness.uuid().uuidString.prefix(8)
        return (0..<count).map { Worker(services: services, processor: SubmissionProcessor(services: services), name: "\(process)-\($0)") }
    }

    static func buildApplication(_ services: AppServices, configuration: AppConfiguration) -> some ApplicationProtocol {
        return Application(
            router: buildRouter(services),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "kopi"),
            services: [ReconciliationService(sweep: ReconciliationSweep(services: services), interval: .seconds(15 * 60))]
                + workers(services, count: 8),
            onServerRunning: { channel in
                // Demo events are pushed to this process's own listener, at the address it is bound to.
                guard let address = channel.localAddress, let port = address.port, let ip = address.ipAddress else { return }
                let host = ["0.0.0.0", "::"].contains(ip) ? "127.0.0.1" : ip.contains(":") ? "[\(ip)]" : ip
                await services.demo?.setSelfURL("http://\(host):\(port)")
            },
            logger: services.logger)
    }
}
