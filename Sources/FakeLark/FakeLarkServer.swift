import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The fake Lark Open Platform, listening on a random loopback port until stopped.
public final class FakeLarkServer: Sendable {
    public let state: FakeLarkState
    /// `http://127.0.0.1:PORT`: use as `KOPI_LARK_BASE_URL`.
    public let baseURL: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(state: FakeLarkState, baseURL: String, group: ServiceGroup, task: Task<Void, any Error>) {
        self.state = state
        self.baseURL = baseURL
        self.group = group
        self.task = task
    }

    public static func start(state: FakeLarkState = FakeLarkState()) async throws -> FakeLarkServer {
        let router = Router()
        FakeLarkRoutes(state: state).register(on: router)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-lark")
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "fake-lark"),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await group.triggerGracefulShutdown()
            throw FakeLarkError.couldNotStart
        }
        return FakeLarkServer(state: state, baseURL: "http://127.0.0.1:\(port)", group: group, task: task)
    }

    /// The URL the fake serves an attachment file at.
    public func fileURL(_ name: String) -> String { "\(baseURL)/files/\(name)" }

    /// A URL that redirects `hops` times before reaching the file.
    public func redirectingFileURL(_ name: String, hops: Int) -> String { "\(baseURL)/redirect/\(hops)/\(name)" }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

public enum FakeLarkError: Error {
    case couldNotStart
}
