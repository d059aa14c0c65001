import Application
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON answers: Codable values with ISO 8601 dates and sorted keys, or plain objects.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func encode(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        respond(status, try encoder.encode(value))
    }

    static func object(_ status: HTTPResponse.Status, _ object: [String: any Sendable]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return respond(status, data)
    }

    /// A JSON file to save rather than show (`Content-Disposition: attachment`), never cached.
    static func download(_ text: String, fileName: String) -> Response {
        var response = respond(.ok, Data(text.utf8))
        response.headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
        response.headers[.cacheControl] = "no-store"
        return response
    }

    static func respond(_ status: HTTPResponse.Status, _ data: Data) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
