import Foundation
import Hummingbird

/// The fake Lark Open Platform, listening on a random loopback port until stopped.
public final class FakeLarkServer: Sendable {
    public let state: FakeLarkState
    private let server: LoopbackServer

    /// `http://127.0.0.1:PORT`: use as `KOPI_LARK_BASE_URL`.
    public var baseURL: String { server.baseURL }

    private init(state: FakeLarkState, server: LoopbackServer) {
        self.state = state
        self.server = server
    }

    public static func start(state: FakeLarkState = FakeLarkState()) async throws -> FakeLarkServer {
        let router = Router()
        FakeLarkRoutes(state: state).register(on: router)
        return FakeLarkServer(state: state, server: try await LoopbackServer.start(router, name: "fake-lark"))
    }

    /// The URL the fake serves an attachment file at.
    public func fileURL(_ name: String) -> String { "\(baseURL)/files/\(name)" }

    /// A URL that redirects `hops` times before reaching the file.
    public func redirectingFileURL(_ name: String, hops: Int) -> String { "\(baseURL)/redirect/\(hops)/\(name)" }

    public func stop() async { await server.stop() }
}
