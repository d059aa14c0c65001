import Application
import Foundation
public import Hummingbird
import NIOCore

/// An `application/x-www-form-urlencoded` body, capped in size.
public struct FormBody: Sendable {
    public let fields: [String: String]

    public subscript(_ name: String) -> String? { fields[name] }

    public func text(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    public static func read(_ request: Request, limit: Int = 64 * 1024) async throws -> FormBody {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw APIError.unsupportedMediaType
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge
        }
        return FormBody(parsing: String(buffer: buffer))
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
