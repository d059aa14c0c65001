import Foundation
import Logging
import Domain
import Ports

/// Everything the HTTP routes, the worker and the sweeps use, as ports. Built once by the
/// composition root; tests build it with in-memory storage and a fake Lark.
struct AppServices: Sendable {
    let storage: any Storage
    var lark: any LarkGateway
    let invoiceReader: any InvoiceReader
    let mailer: any Mailer
    let pushAuthenticator: any LarkPushAuthenticator
    let clock: any WallClock
    let randomness: any Randomness
    let publicURL: URL
    let logger: Logger
    /// Proxies allowed to set `X-Forwarded-*` (`KOPI_TRUSTED_PROXIES`).
    var trustedProxies = TrustedProxies.none
    /// Google sign-in; nil hides it.
    var identityProvider: (any IdentityProvider)? = nil
    /// Per-client-address limits of this process.
    var rateLimiter = RateLimiter()
    /// The simulated Lark of demo workspaces; nil disables demos.
    var demo: DemoLark? = nil

    /// The reader for a workspace's invoices: demo workspaces read the demo's generated invoices
    /// deterministically; every other workspace uses the configured AI.
    func invoiceReader(for app: LarkApp) -> any InvoiceReader {
        app.domain == .demo ? DemoInvoiceReader() : invoiceReader
    }
}
