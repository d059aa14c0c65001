import Domain

/// The members of one object in a Lark answer, read as `Codable` would read them
/// (``CodableReading``): an optional member may be absent or `null`, and is otherwise of its type;
/// a required one must be there and of its type; unknown members are ignored. Anything else
/// makes the whole answer unreadable.
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

    /// Absent or `null` is nil; an array with an element `element` cannot take fails.
    func optionalArray<Element>(_ key: String, _ element: (JSONValue) -> Element?) throws(Unreadable)
        -> [Element]?
    {
        try optional(key) { $0.array.flatMap { CodableReading.all($0, element) } }
    }

    /// Absent or `null` is nil; a value `read` cannot take fails.
    func optional<Value>(_ key: String, _ read: (JSONValue) -> Value?) throws(Unreadable) -> Value? {
        guard let member = CodableReading.optional(object[key], read) else { throw Unreadable() }
        return member
    }
}
