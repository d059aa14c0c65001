import Foundation
import HTTPTypes
import Hummingbird

/// A failure a client can act on: an HTTP status, a stable machine code, a sentence for people and,
/// for invalid input, every problem found. Thrown by use cases and routes; rendered as JSON by
/// the API and as a message by pages.
struct APIError: Error, HTTPResponseError, Equatable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var problems: [String] = []

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: any Sendable] = ["error": code, "message": message]
        if !problems.isEmpty { body["problems"] = problems }
        return JSONResponse.object(status, body)
    }

    static let unauthenticated = APIError(status: .unauthorized, code: "unauthenticated", message: "Sign in first.")
    static let forbidden = APIError(status: .forbidden, code: "forbidden", message: "Your role does not allow this.")
    static let notFound = APIError(status: .notFound, code: "not_found", message: "No such object in this workspace.")
    static let crossOrigin = APIError(
        status: .forbidden, code: "cross_origin_request", message: "Unsafe requests must come from Kopi's own pages.")
    static let httpsRequired = APIError(status: .forbidden, code: "https_required", message: "Use https.")
    static let rateLimited = APIError(status: .tooManyRequests, code: "rate_limited", message: "Too many requests; try again later.")
    static let larkNotConnected = APIError(
        status: .conflict, code: "lark_not_connected", message: "Connect your Lark app first.")
    static let unsupportedMediaType = APIError(
        status: .unsupportedMediaType, code: "unsupported_media_type", message: "Send JSON with Content-Type: application/json.")
    static let bodyTooLarge = APIError(status: .contentTooLarge, code: "body_too_large", message: "The request body is too large.")

    static func invalidInput(_ problems: [String]) -> APIError {
        APIError(status: .unprocessableContent, code: "invalid_input", message: "Some fields need attention.", problems: problems)
    }

    static func invalidJSON(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_json", message: detail)
    }
}
