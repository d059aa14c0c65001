import Domain

/// `Codable`'s rules for reading a parsed ``JSONValue``, shared by the readers that replaced
/// `JSONDecoder` on hot paths (stored submissions and extractions, Lark's answers).
enum CodableReading {
    /// An optional member as `Codable` reads one: absent or null is `.some(nil)`; a value that
    /// does not read is `.none`, which fails the whole document.
    static func optional<Value>(_ value: JSONValue?, _ read: (JSONValue) -> Value?) -> Value?? {
        guard let value, !value.isNull else { return .some(nil) }
        return read(value).map { .some($0) } ?? .none
    }

    /// Every element read, or nil when one does not read.
    static func all<Value>(_ values: [JSONValue], _ read: (JSONValue) -> Value?) -> [Value]? {
        var result: [Value] = []
        result.reserveCapacity(values.count)
        for value in values {
            guard let element = read(value) else { return nil }
            result.append(element)
        }
        return result
    }
}
