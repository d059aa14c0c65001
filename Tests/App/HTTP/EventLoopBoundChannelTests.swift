import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

@testable import HTTP

@Suite("Connections served on their channel's event loop")
struct EventLoopBoundChannelTests {
    /// Where a handler runs before and after it awaits work that finishes on another thread.
    struct Placement: ResponseEncodable, Decodable {
        let loopBefore: Bool
        let loopAfter: Bool
        let sameLoop: Bool
    }

    static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("placement") { _, _ -> Placement in
            let before = MultiThreadedEventLoopGroup.currentEventLoop
            // Resumed by a thread that is no event loop, as a database thread resumes a request.
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Thread { continuation.resume() }.start()
            }
            let after = MultiThreadedEventLoopGroup.currentEventLoop
            return Placement(
                loopBefore: before != nil, loopAfter: after != nil, sameLoop: before != nil && before === after)
        }
        return router
    }

    @Test("A request's handler runs on an event loop and comes back to the same one after a foreign thread resumes it")
    func resumesOnItsLoop() async throws {
        let application = Application(router: Self.router(), server: .http1BoundToEventLoop())
        try await application.test(.live) { client in
            for _ in 0..<8 {
                let response = try await client.execute(uri: "/placement", method: .get)
                #expect(response.status == .ok)
                let placement = try JSONDecoder().decode(Placement.self, from: Data(String(buffer: response.body).utf8))
                #expect(placement.loopBefore && placement.loopAfter && placement.sameLoop)
            }
        }
    }

    @Test("Without the binding the same handler is resumed off the event loops (the test sees the difference)")
    func unboundLeavesTheLoop() async throws {
        let application = Application(router: Self.router())
        try await application.test(.live) { client in
            let response = try await client.execute(uri: "/placement", method: .get)
            let placement = try JSONDecoder().decode(Placement.self, from: Data(String(buffer: response.body).utf8))
            #expect(!placement.loopAfter)
        }
    }
}
