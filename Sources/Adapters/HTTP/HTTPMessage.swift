public import Foundation

/// An outbound HTTP request, as the HTTP adapters send it.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: Data?
    public var timeout: Duration
    public var maxResponseBytes: Int

    public init(
        method: String, url: String, headers: [(String, String)] = [], body: Data? = nil,
        timeout: Duration = .seconds(10),
        maxResponseBytes: Int = 4 * 1024 * 1024
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }
}

public struct HTTPClientResponse: Sendable {
    public let status: Int
    /// Header names lower-cased; a repeated header keeps its last value.
    public let headers: [String: String]
    public let body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

public enum HTTPClientError: Error, Hashable, Sendable {
    case timeout
    case tooLarge
    case transport(code: Int)
}

/// Sends one request and returns the response, whatever its status.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse
}
