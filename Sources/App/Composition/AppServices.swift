import Foundation
import Logging
import Ports

/// Everything the HTTP routes, the worker and the sweeps use, as ports. Built once by the
/// composition root; tests build it with in-memory storage and a fake Lark.
struct AppServices: Sendable {
    let storage: any Storage
    let lark: any LarkGateway
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
}
