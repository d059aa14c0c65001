import Adapters
import Fakes

/// What the end-to-end benchmarks run here for `kopi serve` to talk to: the fake Lark, the fake
/// Anthropic, and the Lark app the benchmark workspace is connected to.
struct BenchFakes {
    let lark: FakeLarkServer
    let ai: FakeAnthropicServer
    let app = BenchFakes.newApp()

    static func start() async throws -> BenchFakes {
        BenchFakes(lark: try await FakeLarkServer.start(), ai: try await FakeAnthropicServer.start())
    }

    /// A Lark app with credentials shaped like Lark's.
    static func newApp() -> FakeApp {
        FakeApp(
            appID: LarkIDs.appID(), appSecret: LarkIDs.secret(), encryptKey: LarkIDs.secret(),
            verificationToken: LarkIDs.secret())
    }

    /// `kopi serve`'s settings pointing it at the fakes, plus `extra`.
    func serverEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "KOPI_LARK_BASE_URL": lark.baseURL, "KOPI_LARK_DOWNLOAD_HOSTS": "127.0.0.1",
            "KOPI_ANTHROPIC_API_KEY": "sk-fake-key", "KOPI_ANTHROPIC_BASE_URL": ai.baseURL,
        ].merging(extra) { $1 }
    }

    func stop() async {
        await lark.stop()
        await ai.stop()
    }
}
