import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A Hummingbird router served on a random loopback port until stopped gracefully.
final class LoopbackServer: Sendable {
    let baseURL: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(baseURL: String, group: ServiceGroup, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.group = group
        self.task = task
    }

    static func start(_ router: Router<BasicRequestContext>, name: String) async throws -> LoopbackServer {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: name)
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: name),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await group.triggerGracefulShutdown()
            throw FakeServerError.couldNotStart
        }
        return LoopbackServer(baseURL: "http://127.0.0.1:\(port)", group: group, task: task)
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

public enum FakeServerError: Error {
    case couldNotStart
}
