import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

/// Drives the real router like a browser page of Kopi would: same-origin `Origin` on unsafe
/// methods, JSON bodies, and the session cookie once signed in.
struct WebClient: Sendable {
    static let origin = "http://localhost:8080"
    let client: any TestClientProtocol
    var cookie: String?

    struct Reply: Sendable {
        let status: HTTPResponse.Status
        let body: String
        let headers: HTTPFields

        var object: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
        var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
        var errorCode: String? { object["error"] as? String }
    }

    func send(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil, form: String? = nil,
        headers extra: HTTPFields = [:],
        origin: Bool = true
    ) async throws -> Reply {
        var headers = extra
        if let cookie, headers[.cookie] == nil { headers[.cookie] = cookie }
        if origin, ![.get, .head].contains(method), headers[HTTPField.Name("Origin")!] == nil {
            headers[HTTPField.Name("Origin")!] = Self.origin
        }
        var body: ByteBuffer?
        if let json {
            if headers[.contentType] == nil { headers[.contentType] = "application/json" }
            body = ByteBuffer(string: json)
        } else if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form)
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        return Reply(status: response.status, body: String(buffer: response.body), headers: response.headers)
    }

    func get(_ path: String) async throws -> Reply { try await send(.get, path) }

    /// A `multipart/form-data` post as a browser sends a form with a file input; an absent file
    /// goes as the empty part browsers send.
    func upload(_ path: String, fields: [(String, String)], file: (name: String, bytes: [UInt8])? = nil) async throws
        -> Reply
    {
        let boundary = "----KopiTest\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        let (fileField, fileName, bytes) = file.map { ($0.name, "policy.pdf", $0.bytes) } ?? ("pdf", "", [])
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers: HTTPFields = [HTTPField.Name("Origin")!: Self.origin]
        if let cookie { headers[.cookie] = cookie }
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: body)
        return Reply(status: response.status, body: String(buffer: response.body), headers: response.headers)
    }

    /// Requests a magic link for `email`, redeems it, and returns a client carrying the session.
    func signedIn(_ email: String, mailer: CapturingMailer, clock: ManualClock? = nil) async throws -> WebClient {
        let requested = try await send(.post, "/api/v1/auth/magic-link", json: #"{"email":"\#(email)"}"#)
        guard requested.status == .accepted else { throw WebClientError.linkRefused(email, requested.status.code) }
        guard let token = mailer.token(for: email) else { throw WebClientError.noLink(email) }
        let reply = try await send(.post, "/api/v1/auth/magic-link/redeem", json: #"{"token":"\#(token)"}"#)
        guard reply.status == .ok, let setCookie = reply.headers[.setCookie]?.split(separator: ";").first else {
            throw WebClientError.signInFailed(email, reply.status.code)
        }
        clock?.advance(61)
        var copy = self
        copy.cookie = String(setCookie)
        return copy
    }

    enum WebClientError: Error {
        case linkRefused(String, Int)
        case noLink(String)
        case signInFailed(String, Int)
    }
}
