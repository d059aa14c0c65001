import Demo
import ServiceLifecycle

/// Ends the demo's background work (filling a demo workspace) on graceful shutdown.
struct DemoService: Service, CustomStringConvertible {
    let demo: Demo

    var description: String { "Demo" }

    func run() async throws {
        try? await gracefulShutdown()
        await demo.state.stop()
    }
}
