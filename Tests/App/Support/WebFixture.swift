import Adapters
import Fakes
import Foundation
import Hummingbird
import HummingbirdTesting
import Ports

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

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
    /// The demo; nil leaves demos off.
    var demo: Demo? = nil
    var hstsIncludesSubdomains = false
    var mailPerHour = 500
    /// The fake Anthropic's URL, for invoice reading and policy proposals; nil leaves the AI off.
    var anthropicBaseURL: String? = nil

    init(storage: any Storage, larkBaseURL: String = "http://127.0.0.1:9") {
        self.storage = storage
        self.larkBaseURL = larkBaseURL
    }

    var services: AppServices {
        var services = TestServices.make(
            storage: storage, larkBaseURL: larkBaseURL, anthropicBaseURL: anthropicBaseURL, clock: clock,
            mailer: mailer,
            publicURL: publicURL)
        services.identityProvider = identityProvider
        services.mailPerHour = mailPerHour
        demo?.install(into: &services)
        return services
    }

    var routerOptions: KopiRouter.Options {
        var options = KopiRouter.Options(trustedProxies: trustedProxies)
        options.hstsIncludesSubdomains = hstsIncludesSubdomains
        if let demo {
            options.extraPages.append(demo.pages(services))
            options.offersDemo = true
        }
        return options
    }

    var application: some ApplicationProtocol {
        Application(router: KopiRouter.build(services, options: routerOptions))
    }

    /// Runs `body` with a browser-like client against the router.
    func run<Value: Sendable>(_ body: @Sendable (WebClient) async throws -> Value) async throws -> Value {
        try await application.test(.router) { client in try await body(WebClient(client: client)) }
    }
}
