import Adapters
import Domain
import Fakes
import Foundation
import Logging
import Ports

/// The simulated Lark of demo workspaces: a fake Open Platform on a loopback port inside this
/// process, started on first use, with a gateway pointed at it and each demo's progress. It lives
/// as long as the process; a demo workspace's Lark is gone after a restart.
actor DemoLark {
    struct Progress: Sendable {
        var phase: String
        var pushed = 0
        var total = 0
        var failed: String?
        var finished = false
    }

    private var server: FakeLarkServer?
    private var gateway: CurlLarkGateway?
    private var selfURL: String?
    private var progress: [TenantID: Progress] = [:]
    private var apps: [TenantID: FakeApp] = [:]
    let clock: any WallClock
    let logger: Logger

    init(clock: any WallClock, logger: Logger) {
        self.clock = clock
        self.logger = logger
    }

    /// Where this process's own HTTP listener is reached (for pushing demo events to it).
    func setSelfURL(_ url: String) { selfURL = url }
    func ownURL() -> String? { selfURL }

    func start() async throws -> (FakeLarkServer, CurlLarkGateway) {
        if let server, let gateway { return (server, gateway) }
        let started = try await FakeLarkServer.start()
        let configuration = LarkGatewayConfiguration(
            baseURLOverride: started.baseURL, downloadHosts: ["127.0.0.1"], maxAttempts: 2, backoffBase: .milliseconds(20),
            maxRateLimitWait: .seconds(1))
        let made = CurlLarkGateway(http: CurlHTTPClient(threads: 2), configuration: configuration, clock: clock, logger: logger)
        server = started
        gateway = made
        logger.info("demo lark started", metadata: ["url": "\(started.baseURL)"])
        return (started, made)
    }

    func gatewayIfRunning() -> CurlLarkGateway? { gateway }

    func serverIfRunning() -> FakeLarkServer? { server }

    func serves(_ url: String) -> Bool {
        guard let base = server?.baseURL else { return false }
        return url.hasPrefix(base + "/")
    }

    func register(_ app: FakeApp, for tenantID: TenantID) { apps[tenantID] = app }
    func app(for tenantID: TenantID) -> FakeApp? { apps[tenantID] }

    func update(_ tenantID: TenantID, _ change: (inout Progress) -> Void) {
        var current = progress[tenantID] ?? Progress(phase: "Starting")
        change(&current)
        progress[tenantID] = current
    }

    func progress(of tenantID: TenantID) -> Progress? { progress[tenantID] }

    func stop() async {
        await server?.stop()
        server = nil
        gateway = nil
    }
}
