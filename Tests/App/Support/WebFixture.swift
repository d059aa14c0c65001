@testable import App
import Adapters
import Fakes
import Foundation
import Hummingbird
import HummingbirdTesting
import Ports

/// The real router over a given storage, with a capturing mailer, a manual clock and, when
/// asked, a fake Lark on loopback.
struct WebFixture: Sendable {
    let storage: any Storage
    let mailer = CapturingMailer()
    let clock = ManualClock()
    let larkBaseURL: String
    var publicURL = URL(string: "http://localhost:8080")!
    var trustedProxies = TrustedProxies.none
    var identityProvider: (any IdentityProvider)? = nil
    /// The simulated Lark of demos; nil leaves demos off.
    var demo: DemoLark? = nil

    init(storage: any Storage, larkBaseURL: String = "http://127.0.0.1:9") {
        self.storage = storage
        self.larkBaseURL = larkBaseURL
    }

    var services: AppServices {
        var services = TestServices.make(storage: storage, larkBaseURL: larkBaseURL, clock: clock, mailer: mailer, publicURL: publicURL)
        services.trustedProxies = trustedProxies
        services.identityProvider = identityProvider
        if let demo {
            services.demo = demo
            services.lark = DemoRoutingLarkGateway(real: services.lark, demo: demo)
        }
        return services
    }

    var application: some ApplicationProtocol { Application(router: CompositionRoot.buildRouter(services)) }

    /// Runs `body` with a browser-like client against the router.
    func run<Value: Sendable>(_ body: @Sendable (WebClient) async throws -> Value) async throws -> Value {
        try await application.test(.router) { client in try await body(WebClient(client: client)) }
    }
}
