import Domain
import Foundation
import Ports

/// JSON columns and time columns, the same on every backend. Times are stored as integer
/// milliseconds since 1970 so that both backends compare and order them identically.
enum SQLCoding {
    static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A flat text map (an audit entry's detail) through ``JSONText``: the same JSON, but for
    /// `/` unescaped, at a fraction of `JSONEncoder`'s cost on a path every claim takes.
    static func json(_ value: [String: String]) throws -> String {
        try JSONText.serialize(value)
    }

    /// A submission and an extraction through ``SubmissionJSON`` and ``ExtractionJSON``: the same
    /// JSON, read and written without `Codable`.
    static func json(_ submission: Submission) throws -> String {
        try SubmissionJSON.text(submission)
    }

    static func decode(_ type: Submission.Type, from text: String) throws -> Submission {
        try read(SubmissionJSON.submission(from: text))
    }

    static func json(_ extraction: InvoiceExtraction) throws -> String {
        try ExtractionJSON.text(extraction)
    }

    static func decode(_ type: InvoiceExtraction.Type, from text: String) throws -> InvoiceExtraction {
        try read(ExtractionJSON.extraction(from: text))
    }

    private static func read<Value>(_ value: Value?) throws -> Value {
        guard let value else { throw StoreError.corrupt(what: String(describing: Value.self)) }
        return value
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt(what: String(describing: type))
        }
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
