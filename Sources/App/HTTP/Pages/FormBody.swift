import Application
import Foundation
public import Hummingbird
import NIOCore

/// A form's body, capped in size: `application/x-www-form-urlencoded`, or `multipart/form-data`
/// when it carries a file.
public struct FormBody: Sendable {
    public let fields: [String: String]
    /// Uploaded files by field name (multipart bodies only); an empty file input is absent.
    public var files: [String: [UInt8]] = [:]

    public subscript(_ name: String) -> String? { fields[name] }

    public func text(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    public static func read(_ request: Request, limit: Int = 64 * 1024) async throws -> FormBody {
        let contentType = request.headers[.contentType] ?? ""
        let boundary = MultipartBody.boundary(contentType)
        guard contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") || boundary != nil else {
            throw APIError.unsupportedMediaType
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge
        }
        guard let boundary else { return FormBody(parsing: String(buffer: buffer)) }
        guard let parts = MultipartBody.parts(Array(buffer.readableBytesView), boundary: boundary) else {
            throw APIError.invalidInput([PageLanguage.localizer(.problemUpload)])
        }
        var fields: [String: String] = [:]
        var files: [String: [UInt8]] = [:]
        for part in parts where fields[part.name] == nil && files[part.name] == nil {
            if part.fileName != nil {
                if !part.body.isEmpty { files[part.name] = part.body }
            } else {
                fields[part.name] = String(decoding: part.body, as: UTF8.self)
            }
        }
        var form = FormBody(fields: fields)
        form.files = files
        return form
    }

    init(fields: [String: String]) {
        self.fields = fields
    }

    public init(parsing text: String) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let name = parts.first, !name.isEmpty, fields[name] == nil else { continue }
            fields[name] = parts.count == 2 ? parts[1] : ""
        }
        self.fields = fields
    }
}
