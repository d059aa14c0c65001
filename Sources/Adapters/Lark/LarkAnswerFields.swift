import Domain

/// The members of one object in a Lark answer, read as `Codable` would read them: an optional
/// member may be absent or `null`, and is otherwise of its type; a required one must be there and
/// of its type; unknown members are ignored. Anything else makes the whole answer unreadable.
struct LarkAnswerFields {
    struct Unreadable: Error {}

    private let object: JSONObject

    init(_ value: JSONValue) throws(Unreadable) {
        guard let object = value.object else { throw Unreadable() }
        self.object = object
    }

    func string(_ key: String) throws(Unreadable) -> String {
        guard let value = try optionalString(key) else { throw Unreadable() }
        return value
    }

    func optionalString(_ key: String) throws(Unreadable) -> String? {
        try optional(key) { $0.string }
    }

    func optionalInteger(_ key: String) throws(Unreadable) -> Int? {
        try optional(key) { $0.integer.flatMap { Int(exactly: $0) } }
    }

    func double(_ key: String) throws(Unreadable) -> Double {
        guard let value = try optional(key, { $0.double }) else { throw Unreadable() }
        return value
    }

    func optionalBool(_ key: String) throws(Unreadable) -> Bool? {
        try optional(key) { $0.bool }
    }

    /// A string Lark sends as a JSON string or number, depending on the endpoint: an integer
    /// keeps its digits, any other number reads as a `Double` does.
    func optionalFlexibleString(_ key: String) throws(Unreadable) -> String? {
        try optional(key) { value in
            switch value {
            case .string(let text): text
            case .number(let text): value.integer.map(String.init) ?? Double(text).map { String($0) }
            default: nil
            }
        }
    }

    func optionalStrings(_ key: String) throws(Unreadable) -> [String]? {
        try optionalArray(key) { $0.string }
    }

    func optionalArray<Element>(_ key: String, _ element: (JSONValue) throws(Unreadable) -> Element?)
        throws(Unreadable) -> [Element]?
    {
        guard let value = object[key], !value.isNull else { return nil }
        guard let elements = value.array else { throw Unreadable() }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for item in elements {
            guard let read = try element(item) else { throw Unreadable() }
            result.append(read)
        }
        return result
    }

    /// Absent or `null` is nil; a value `read` cannot take fails.
    func optional<Value>(_ key: String, _ read: (JSONValue) throws(Unreadable) -> Value?) throws(Unreadable)
        -> Value?
    {
        guard let value = object[key], !value.isNull else { return nil }
        guard let read = try read(value) else { throw Unreadable() }
        return read
    }
}
