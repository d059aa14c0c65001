public import Application
import Domain
public import HTTP
public import Hummingbird

/// The demo as the composition root installs it: the simulated Lark routed in front of the real
/// gateway, the demo's invoice reader for demo workspaces, and the `/demo` pages. Without it,
/// Kopi has no demo code path at all.
public struct Demo: Sendable {
    public let state = DemoLark()

    public init() {}

    /// `services` with demo workspaces' Lark calls and invoices sent to the demo.
    public func install(into services: inout AppServices) {
        services.lark = DemoRoutingLarkGateway(real: services.lark, simulated: state.lark)
        services.readers.byDomain[.demo] = DemoInvoiceReader()
    }

    /// The `/demo` pages, for ``KopiRouter/Options/extraPages``.
    public func pages(_ services: AppServices) -> @Sendable (Router<KopiRequestContext>, PageChrome) -> Void {
        { [state] router, chrome in DemoPages(chrome: chrome, demo: state, services: services).register(on: router) }
    }
}
