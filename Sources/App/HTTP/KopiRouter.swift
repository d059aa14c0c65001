public import Application
public import Hummingbird

/// Every route and middleware of Kopi's HTTP edge, over the use cases built from `services`.
public enum KopiRouter {
    /// What the edge needs besides the use cases.
    public struct Options: Sendable {
        /// Proxies allowed to set `X-Forwarded-*` (`KOPI_TRUSTED_PROXIES`).
        public var trustedProxies: TrustedProxies
        /// Further signed-in pages (the demo's), registered with the same chrome.
        public var extraPages: [@Sendable (Router<KopiRequestContext>, PageChrome) -> Void]
        /// Whether an empty approvals list offers "Show me a demo".
        public var offersDemo = false
        /// Whether HSTS names `includeSubDomains` (`KOPI_HSTS_INCLUDE_SUBDOMAINS`).
        public var hstsIncludesSubdomains = false
        /// `GET /metrics` on this listener, behind this bearer token (`KOPI_METRICS_TOKEN`); nil: no such route.
        public var metricsToken: String? = nil

        public init(
            trustedProxies: TrustedProxies = .none,
            extraPages: [@Sendable (Router<KopiRequestContext>, PageChrome) -> Void] = []
        ) {
            self.trustedProxies = trustedProxies
            self.extraPages = extraPages
        }
    }

    public static func build(_ services: AppServices, options: Options = Options()) -> Router<KopiRequestContext> {
        // HEAD is answered wherever GET is, as GET without its body.
        let router = Router(context: KopiRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(
            middleware: SecurityHeadersMiddleware(
                logger: services.logger, hstsIncludesSubdomains: options.hstsIncludesSubdomains))
        router.add(middleware: ClientOriginMiddleware(trustedProxies: options.trustedProxies))
        router.add(middleware: HTTPSPolicyMiddleware(publicURL: services.publicURL))
        router.add(middleware: SameOriginMiddleware(publicURL: services.publicURL))
        router.add(middleware: PageLanguageMiddleware())
        let signIn = SignInService(services: services)
        let authenticator = SessionAuthenticator(signIn: signIn)
        let connection = LarkConnectionService(services: services)
        let flows = FlowService(services: services)
        let approvals = ApprovalQueries(services: services)
        let rules = RuleService(services: services)
        let reports = ReportService(services: services)
        let members = MemberService(services: services)
        let policy = PolicyService(services: services)
        HealthRoutes(storage: services.storage).register(on: router)
        SecurityTxtRoute(publicURL: services.publicURL, clock: services.clock).register(on: router)
        AuthRoutes(signIn: signIn, authenticator: authenticator).register(on: router)
        LarkConnectionRoutes(service: connection, authenticator: authenticator).register(on: router)
        FlowRoutes(service: flows, authenticator: authenticator).register(on: router)
        PolicyRoutes(service: policy, authenticator: authenticator).register(on: router)
        let mirror = PolicyMirrorService(services: services)
        PolicyMirrorRoutes(service: mirror, authenticator: authenticator).register(on: router)
        ApprovalRoutes(queries: approvals, authenticator: authenticator, logger: services.logger).register(on: router)
        RuleRoutes(service: rules, authenticator: authenticator).register(on: router)
        ExchangeRateRoutes(service: ExchangeRateService(services: services), authenticator: authenticator)
            .register(on: router)
        ReportRoutes(service: reports, authenticator: authenticator).register(on: router)
        MemberRoutes(service: members, authenticator: authenticator).register(on: router)
        let people = PersonalDataService(services: services)
        let workspace = WorkspaceDataService(services: services)
        PrivacyRoutes(people: people, workspace: workspace, authenticator: authenticator, logger: services.logger)
            .register(on: router)
        OpenAPIRoute().register(on: router)
        if let token = options.metricsToken, let exposition = services.metricsExposition {
            MetricsRoute(token: token, render: exposition).register(on: router)
        }
        GoogleSignInRoutes(google: GoogleSignIn(services: services)).register(on: router)

        let chrome = PageChrome(services: services, authenticator: authenticator)
        StaticAssets().register(on: router)
        SignInPages(signIn: signIn, authenticator: authenticator, googleEnabled: services.identityProvider != nil)
            .register(on: router)
        ApprovalPages(chrome: chrome, queries: approvals, offersDemo: options.offersDemo).register(on: router)
        RulePages(chrome: chrome, rules: rules).register(on: router)
        ReportPage(chrome: chrome, reports: reports).register(on: router)
        let settings = SettingsPages(
            chrome: chrome, connection: connection, flows: flows, members: members, policy: policy,
            deadLetters: DeadLetterService(services: services), rates: ExchangeRateService(services: services))
        settings.register(on: router)
        MirrorPages(chrome: chrome, mirror: mirror, aiReady: services.policyProposer != nil).register(on: router)
        PrivacyPages(chrome: chrome, settings: settings, people: people, workspace: workspace, logger: services.logger)
            .register(on: router)
        for pages in options.extraPages { pages(router, chrome) }
        LarkWebhookRoutes(
            intake: LarkPushIntake(services: services), logger: services.logger, metrics: services.metrics
        )
        .register(on: router)
        router.add(middleware: AllowedMethodsMiddleware(routes: RouteTable(router.routes)))
        return router
    }
}
