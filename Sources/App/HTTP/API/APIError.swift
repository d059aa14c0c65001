public import Application
import Foundation
public import HTTPTypes
public import Hummingbird

/// A failure a client can act on: an HTTP status, a stable machine code, a sentence for people and,
/// for invalid input, every problem found. Thrown by use cases and routes; rendered as JSON by
/// the API and as a message by pages.
public struct APIError: Error, HTTPResponseError, Equatable {
    /// A use case's failure at the HTTP edge.
    public init(_ error: ApplicationError) {
        self.init(status: Self.status(error.kind), code: error.code, message: error.message, problems: error.problems)
    }

    public init(status: HTTPResponse.Status, code: String, message: String, problems: [String] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems
    }

    /// The failures a client can act on, whichever layer raised them; nil for anything else.
    public static func known(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError: error
        case let error as ApplicationError: APIError(error)
        default: nil
        }
    }

    public static func status(_ kind: ApplicationError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .invalidInput: .unprocessableContent
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .rateLimited: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .upstreamFailed: .badGateway
        }
    }

    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public var problems: [String] = []

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: any Sendable] = ["error": code, "message": message]
        if !problems.isEmpty { body["problems"] = problems }
        var response = JSONResponse.object(status, body)
        // Limits count in windows of a minute or longer: a client that waits this long may try again.
        if status == .tooManyRequests { response.headers[.retryAfter] = "60" }
        return response
    }

    public static let unauthenticated = APIError(
        status: .unauthorized, code: "unauthenticated", message: "Sign in first.")
    public static let forbidden = APIError(
        status: .forbidden, code: "forbidden", message: "Your role does not allow this.")
    public static let notFound = APIError(
        status: .notFound, code: "not_found", message: "No such object in this workspace.")
    public static let crossOrigin = APIError(
        status: .forbidden, code: "cross_origin_request", message: "Unsafe requests must come from Kopi's own pages.")
    public static let httpsRequired = APIError(status: .forbidden, code: "https_required", message: "Use https.")
    public static let rateLimited = APIError(
        status: .tooManyRequests, code: "rate_limited", message: "Too many requests; try again later.")
    public static let larkNotConnected = APIError(
        status: .conflict, code: "lark_not_connected", message: "Connect your Lark app first.")
    public static let unsupportedMediaType = APIError(
        status: .unsupportedMediaType, code: "unsupported_media_type",
        message: "Send JSON with Content-Type: application/json.")
    public static let bodyTooLarge = APIError(
        status: .contentTooLarge, code: "body_too_large", message: "The request body is too large.")

    public static func invalidInput(_ problems: [String]) -> APIError {
        APIError(
            status: .unprocessableContent, code: "invalid_input", message: "Some fields need attention.",
            problems: problems)
    }

    public static func invalidJSON(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_json", message: detail)
    }
}

extension ApplicationError: HTTPResponseError {
    public var status: HTTPResponse.Status { APIError.status(kind) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try APIError(self).response(from: request, context: context)
    }
}
