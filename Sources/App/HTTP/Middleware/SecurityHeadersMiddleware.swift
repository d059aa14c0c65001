import Application
import HTTPTypes
import Hummingbird
import Logging
import Ports

/// Adds the security headers to every response, errors included: HSTS, nosniff, a CSP that
/// forbids framing, Referrer-Policy, and no-store unless a route chose its own caching. An error
/// no route turned into an answer is mapped here and logged (its code only): a lost conflict is
/// 409, storage or mail out of reach 503 with `Retry-After`, anything else 500, each as JSON.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    /// Whether HSTS covers subdomains too (`KOPI_HSTS_INCLUDE_SUBDOMAINS`): only when the
    /// operator knows every subdomain serves https.
    var hstsIncludesSubdomains = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            let (status, code, retryAfter) = Self.mapping(error)
            logger.error(
                "request failed",
                metadata: ["path": "\(request.uri.path)", "error": "\(Self.code(error))", "status": "\(status.code)"])
            response = JSONResponse.object(status, ["error": code])
            if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        }
        Self.apply(to: &response.headers, includeSubdomains: hstsIncludesSubdomains)
        return response
    }

    /// The answer to an error no route mapped: status, error code, and seconds to wait if any.
    static func mapping(_ error: any Error) -> (HTTPResponse.Status, String, Int?) {
        switch error {
        case StoreError.conflict: (.conflict, "conflict", nil)
        case StoreError.unavailable: (.serviceUnavailable, "unavailable", 5)
        case is MailError: (.serviceUnavailable, "mail_unavailable", 60)
        default: (.internalServerError, "internal_error", nil)
        }
    }

    /// What is logged of an unexpected error: a store or mail error's code, else only its type.
    static func code(_ error: any Error) -> String {
        (error as? StoreError)?.description ?? (error as? MailError)?.description
            ?? String(describing: type(of: error))
    }

    static func apply(to headers: inout HTTPFields, includeSubdomains: Bool) {
        headers[HTTPField.Name("Strict-Transport-Security")!] =
            "max-age=63072000" + (includeSubdomains ? "; includeSubDomains" : "")
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
