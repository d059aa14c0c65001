import Application
import Foundation
import HTTPTypes
import Hummingbird

/// When `KOPI_PUBLIC_URL` is https, a request that did not arrive over https (as told by a
/// trusted proxy's `X-Forwarded-Proto`) is redirected to the canonical https URL when it is a
/// page read, and refused otherwise: API and webhook clients must notice they sent credentials in
/// the clear. `/healthz` stays reachable for load balancers.
struct HTTPSPolicyMiddleware: RouterMiddleware {
    typealias Context = KopiRequestContext
    let publicURL: URL

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard publicURL.scheme == "https", request.uri.path != "/healthz",
            !context.client.isHTTPS
        else { return try await next(request, context) }
        let path = request.uri.path
        let isPage = !path.hasPrefix("/api/") && !path.hasPrefix("/lark/")
        guard isPage, request.method == .get || request.method == .head else { throw APIError.httpsRequired }
        let base = publicURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let query = request.uri.query.map { "?\($0)" } ?? ""
        return Response(status: .permanentRedirect, headers: [.location: base + path + query])
    }
}
