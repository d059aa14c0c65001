import Hummingbird
import NIOCore

/// Kopi's request context: Hummingbird's core storage, the TCP peer, and who the client is as
/// ``ClientOriginMiddleware`` resolved it once for the request. The peer is nil in router tests,
/// which have no socket.
struct KopiRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peer: SocketAddress?
    /// Set by ``ClientOriginMiddleware`` before any route runs.
    var client = ClientOrigin(address: "unknown", isHTTPS: false)

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress
    }

    /// Bodies are collected explicitly with their own caps; this is the framework's outer bound.
    var maxUploadSize: Int { 2 * 1024 * 1024 }
}
