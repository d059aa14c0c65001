/// The JSON Schema subset Anthropic's structured outputs accept (../shared/reference/anthropic.md
/// §3.2), as the real API refuses the rest with a 400:
/// - every object has `additionalProperties: false`;
/// - no `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, `minLength`,
///   `maxLength`, `maxItems`, `uniqueItems`, and `minItems` only 0 or 1;
/// - at most 24 optional properties (not in `required`) and at most 16 properties with a union type
///   (`anyOf`, or a type array such as `["string", "null"]`), over the whole schema.
enum FakeSchemaRules {
    static let unsupported = [
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
        "maxItems", "uniqueItems",
    ]

    /// Why the API would refuse `schema`, or nil.
    static func problem(_ schema: [String: Any]) -> String? {
        var optional = 0
        var unions = 0
        func walk(_ node: [String: Any], _ path: String) -> String? {
            if let keyword = unsupported.first(where: { node[$0] != nil }) {
                return "\(path): '\(keyword)' is not supported"
            }
            if let minItems = node["minItems"] as? Int, minItems > 1 { return "\(path): minItems above 1" }
            if let properties = node["properties"] as? [String: Any] {
                guard node["additionalProperties"] as? Bool == false else {
                    return "\(path): additionalProperties must be false"
                }
                let required = Set(node["required"] as? [String] ?? [])
                optional += properties.keys.filter { !required.contains($0) }.count
                for (name, value) in properties {
                    guard let child = value as? [String: Any] else { continue }
                    if child["anyOf"] != nil || child["type"] is [Any] { unions += 1 }
                    if let problem = walk(child, "\(path).\(name)") { return problem }
                }
            }
            for key in ["items", "additionalProperties"] {
                if let child = node[key] as? [String: Any], let problem = walk(child, "\(path).\(key)") {
                    return problem
                }
            }
            for child in (node["anyOf"] as? [[String: Any]] ?? []) + (node["allOf"] as? [[String: Any]] ?? []) {
                if let problem = walk(child, path) { return problem }
            }
            return nil
        }
        if let problem = walk(schema, "schema") { return problem }
        if optional > 24 { return "Schemas contain too many optional parameters (\(optional)), limit is 24" }
        if unions > 16 { return "Schemas contain too many parameters with union types (\(unions)), limit is 16" }
        return nil
    }
}
