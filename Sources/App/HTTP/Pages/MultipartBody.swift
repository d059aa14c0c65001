import Foundation

/// `multipart/form-data` (RFC 7578) as browsers send it: parts separated by `--boundary`, each
/// with a `Content-Disposition: form-data; name="…"` header and, for a file, a `filename`.
enum MultipartBody {
    struct Part: Sendable {
        let name: String
        let fileName: String?
        let body: [UInt8]
    }

    /// The boundary of a `multipart/form-data` content type, or nil.
    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value =
                pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") ? String(pair[1].dropFirst().dropLast()) : pair[1]
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// The parts, or nil when the body is not well formed.
    static func parts(_ body: [UInt8], boundary: String) -> [Part]? {
        let delimiter = Array("--\(boundary)".utf8)
        let positions = occurrences(of: delimiter, in: body)
        guard positions.count >= 2, positions[0] == 0 else { return nil }
        var parts: [Part] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var part = body[(start + delimiter.count)..<end]
            guard part.starts(with: [13, 10]) else { return nil }
            part = part.dropFirst(2)
            if part.suffix(2).elementsEqual([13, 10]) { part = part.dropLast(2) }
            guard let split = occurrences(of: [13, 10, 13, 10], in: Array(part)).first else { return nil }
            let headers = String(decoding: part.prefix(split), as: UTF8.self)
            guard
                let disposition = headers.split(separator: "\r\n").first(where: {
                    $0.lowercased().hasPrefix("content-disposition:")
                }), let name = parameter("name", in: String(disposition))
            else { return nil }
            parts.append(
                Part(
                    name: name, fileName: parameter("filename", in: String(disposition)),
                    body: Array(part.dropFirst(split + 4))))
        }
        let closing = positions.last! + delimiter.count
        return body[closing...].starts(with: Array("--".utf8)) ? parts : nil
    }

    /// A quoted parameter of a header: `name="amount"`.
    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            return pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") ? String(pair[1].dropFirst().dropLast()) : pair[1]
        }
        return nil
    }

    /// Where `needle` starts in `haystack`, without overlaps.
    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard let first = needle.first, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                found.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }
}
