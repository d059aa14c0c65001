/// A JSON document as ``JSONValue/parse(_:)-(Data)`` reads it: the reading half of ``JSONText``.
///
/// It replaces `JSONSerialization` where Lark's and the AI's answers are read on the hot paths
/// (a push, an instance's form): that bridged every object through `NSDictionary` and every
/// number through `NSNumber`, about a twentieth of a push's CPU. Numbers keep their literal text,
/// so nothing is rounded before a caller chooses how to read it.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// The number's text as written, checked against RFC 8259's grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member `key` of an object; nil for a missing member or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    public var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    public var object: JSONObject? {
        guard case .object(let object) = self else { return nil }
        return object
    }

    public var array: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    public var bool: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }

    /// A number's value as a `Double` (the nearest one, as `JSONSerialization` would give).
    public var double: Double? {
        guard case .number(let text) = self else { return nil }
        return Double(text)
    }

    /// A number literal without fraction or exponent, as `JSONDecoder` reads an integer.
    public var integer: Int64? {
        guard case .number(let text) = self else { return nil }
        return Int64(text)
    }

    public var isNull: Bool { self == .null }
}

/// An object's members in document order. Lookups search from the end, so a repeated name reads
/// as its last value, as with `JSONSerialization`; objects are small, so a scan beats hashing.
public struct JSONObject: Hashable, Sendable {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []

    public init() {}

    public init(_ members: KeyValuePairs<String, JSONValue>) {
        for (key, value) in members { append(key, value) }
    }

    public mutating func append(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
    }

    public subscript(key: String) -> JSONValue? {
        guard let index = keys.lastIndex(of: key) else { return nil }
        return values[index]
    }

    public var count: Int { keys.count }

    /// The members whose values are strings, by name (the last of a repeated name).
    public var stringMembers: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in zip(keys, values) {
            if let text = value.string { result[key] = text } else { result[key] = nil }
        }
        return result
    }
}
