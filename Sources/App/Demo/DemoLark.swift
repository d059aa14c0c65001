public import Domain
import Foundation

/// The demo's state in this process: the simulated Lark and each demo's progress, both bounded.
/// A demo workspace's Lark is gone after a restart.
public actor DemoLark {
    public struct Progress: Sendable {
        public var phase: String
        public var pushed = 0
        public var total = 0
        public var failed: String?
        public var finished = false
    }

    public let lark = SimulatedLark()
    private var progress: [TenantID: Progress] = [:]
    private var apps: [TenantID: String] = [:]
    private var order: [TenantID] = []
    /// Background runs filling demos, so a graceful shutdown can wait for them.
    private var runs: [TenantID: Task<Void, Never>] = [:]

    public init() {}

    func register(appID: String, for tenantID: TenantID) {
        if apps[tenantID] == nil { order.append(tenantID) }
        apps[tenantID] = appID
        while order.count > SimulatedLark.maxWorkspaces {
            let oldest = order.removeFirst()
            apps[oldest] = nil
            progress[oldest] = nil
            runs.removeValue(forKey: oldest)?.cancel()
        }
    }

    func appID(for tenantID: TenantID) -> String? { apps[tenantID] }

    func update(_ tenantID: TenantID, _ change: (inout Progress) -> Void) {
        guard apps[tenantID] != nil else { return }
        var current = progress[tenantID] ?? Progress(phase: "Starting")
        change(&current)
        progress[tenantID] = current
    }

    public func progress(of tenantID: TenantID) -> Progress? { progress[tenantID] }

    func start(_ tenantID: TenantID, _ work: @escaping @Sendable () async -> Void) {
        runs[tenantID] = Task { await work() }
    }

    /// Cancels the demos still being filled and waits for them to stop.
    public func stop() async {
        let running = runs.values
        runs.removeAll()
        for run in running { run.cancel() }
        for run in running { await run.value }
    }
}
