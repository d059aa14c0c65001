import Hummingbird
import NIOCore

/// Kopi's request context: Hummingbird's core storage plus the TCP peer, which the client-address
/// and https rules need. The peer is nil in router tests, which have no socket.
struct KopiRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peer: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress
    }

    /// Bodies are collected explicitly with their own caps; this is the framework's outer bound.
    var maxUploadSize: Int { 2 * 1024 * 1024 }
}
