import Application
import HTTPTypes
import Hummingbird
import Logging
import Ports

/// Adds the security headers to every response, errors included: HSTS, nosniff, a CSP that
/// forbids framing, Referrer-Policy, and no-store unless a route chose its own caching. An error
/// no route turned into an answer is logged (its code only) and answered as JSON: 503 when the
/// storage is unavailable or lost a conflict (worth retrying), else 500.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            let retryable =
                (error as? StoreError).map { if case .unavailable = $0 { true } else { $0 == .conflict } } ?? false
            logger.error(
                "request failed",
                metadata: [
                    "path": "\(request.uri.path)", "error": "\(Self.code(error))", "status": "\(retryable ? 503 : 500)",
                ])
            response = JSONResponse.object(
                retryable ? .serviceUnavailable : .internalServerError,
                ["error": retryable ? "unavailable" : "internal_error"])
        }
        Self.apply(to: &response.headers)
        return response
    }

    /// What is logged of an unexpected error: a store error's code, else only its type.
    static func code(_ error: any Error) -> String {
        (error as? StoreError)?.description ?? String(describing: type(of: error))
    }

    static func apply(to headers: inout HTTPFields) {
        headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=63072000; includeSubDomains"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if headers[HTTPField.Name("Referrer-Policy")!] == nil {
            headers[HTTPField.Name("Referrer-Policy")!] = "strict-origin-when-cross-origin"
        }
        headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        if headers[HTTPField.Name("Content-Security-Policy")!] == nil {
            headers[HTTPField.Name("Content-Security-Policy")!] =
                "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
        }
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }
}
