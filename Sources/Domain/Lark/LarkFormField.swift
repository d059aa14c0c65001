import Foundation

/// One widget of an approval instance's form, with its value typed by widget type.
public struct LarkFormField: Hashable, Sendable {
    public let id: String
    public let customID: String?
    public let name: String
    public let type: String
    public let value: LarkFormValue
    /// A definition's detail table (`fieldList`) lists its column widgets as `children`.
    public let columns: [LarkFormField]

    public init(
        id: String, customID: String? = nil, name: String, type: String, value: LarkFormValue,
        columns: [LarkFormField] = []
    ) {
        self.id = id
        self.customID = customID
        self.name = name
        self.type = type
        self.value = value
        self.columns = columns
    }

    /// Parses the instance's `form`, a JSON string holding an array of widgets.
    public static func parseForm(_ form: String) throws(LarkPushError) -> [LarkFormField] {
        guard let array = try? JSONSerialization.jsonObject(with: Data(form.utf8)) as? [Any] else {
            throw .malformedJSON
        }
        return array.compactMap { ($0 as? [String: Any]).map(parse) }
    }

    static func parse(_ widget: [String: Any]) -> LarkFormField {
        let type = widget["type"] as? String ?? ""
        return LarkFormField(
            id: widget["id"] as? String ?? "", customID: widget["custom_id"] as? String,
            name: widget["name"] as? String ?? "", type: type, value: LarkFormValue.parse(type: type, widget: widget),
            columns: (widget["children"] as? [Any] ?? []).compactMap { ($0 as? [String: Any]).map(parse) })
    }
}
