import Application
public import Hummingbird
public import NIOCore

/// Kopi's request context: Hummingbird's core storage, the TCP peer, and who the client is as
/// ``ClientOriginMiddleware`` resolved it once for the request. The peer is nil in router tests,
/// which have no socket.
public struct KopiRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let peer: SocketAddress?
    /// Set by ``ClientOriginMiddleware`` before any route runs.
    public var client = ClientOrigin(address: "unknown", isHTTPS: false)

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress
    }

    /// Bodies are collected explicitly with their own caps; this is the framework's outer bound.
    public var maxUploadSize: Int { 2 * 1024 * 1024 }
}
