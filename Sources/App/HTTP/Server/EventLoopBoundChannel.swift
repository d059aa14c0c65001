public import HummingbirdCore
public import Logging
public import NIOCore

/// A server child channel whose connections are served by tasks that prefer their channel's
/// event loop (``EventLoopTaskExecutor``). Hummingbird starts each connection's task on the global
/// executor; this keeps it, and everything it awaits that is not isolated elsewhere, on the
/// loop that owns the socket.
public struct EventLoopBoundChannel<Base: ServerChildChannel>: ServerChildChannel {
    public typealias Value = Base.Value
    let base: Base

    public init(_ base: Base) {
        self.base = base
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    public func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with each connection served on its channel's event loop.
    public static func http1BoundToEventLoop(configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            EventLoopBoundChannel(HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}
