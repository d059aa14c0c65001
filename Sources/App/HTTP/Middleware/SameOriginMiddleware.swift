import Application
import Foundation
import HTTPTypes
import Hummingbird

/// Unsafe methods must come from Kopi's own origin: `Sec-Fetch-Site` must be `same-origin` when
/// present, else `Origin` must equal the public origin; a request with neither is refused too.
/// Lark's webhooks are exempt: they are authenticated by signature and never by cookie.
struct SameOriginMiddleware: RouterMiddleware {
    typealias Context = KopiRequestContext
    let publicURL: URL

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let safe: Set<HTTPRequest.Method> = [.get, .head, .options]
        guard !safe.contains(request.method), !request.uri.path.hasPrefix("/lark/") else {
            return try await next(request, context)
        }
        guard Self.isSameOrigin(request.headers, publicURL: publicURL) else { throw APIError.crossOrigin }
        return try await next(request, context)
    }

    static func isSameOrigin(_ headers: HTTPFields, publicURL: URL) -> Bool {
        if let site = headers[HTTPField.Name("Sec-Fetch-Site")!] { return site == "same-origin" }
        guard let origin = headers[HTTPField.Name("Origin")!] else { return false }
        return origin == Self.origin(of: publicURL)
    }

    static func origin(of url: URL) -> String {
        "\(url.scheme ?? "https")://\(url.host ?? "")" + (url.port.map { ":\($0)" } ?? "")
    }
}
