import Application
import Hummingbird

/// Resolves the client address and scheme once per request (forwarded headers only from trusted
/// proxies) and puts them in the context for the https policy, rate limits and routes.
struct ClientOriginMiddleware: RouterMiddleware {
    typealias Context = KopiRequestContext
    let trustedProxies: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.client = ClientOrigin.resolve(peer: context.peer, headers: request.headers, trusted: trustedProxies)
        return try await next(request, context)
    }
}
