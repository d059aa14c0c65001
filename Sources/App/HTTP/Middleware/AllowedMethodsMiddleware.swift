import HTTPTypes
import Hummingbird

/// Added after every route, so it runs only for requests no route matched: a known path asked
/// with a method it does not answer gets 405 and `Allow` (RFC 9110 §15.5.6); an unknown path
/// goes on to the router's 404.
struct AllowedMethodsMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let allowed = routes.allowedMethods(for: request.uri.path)
        guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else {
            return try await next(request, context)
        }
        var response = JSONResponse.object(.methodNotAllowed, ["error": "method_not_allowed"])
        response.headers[.allow] = allowed.joined(separator: ", ")
        return response
    }
}
