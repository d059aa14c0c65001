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
        guard let array = (try? JSONValue.parse(form))?.array else { throw .malformedJSON }
        return array.compactMap { $0.object.map(parse) }
    }

    static func parse(_ widget: JSONObject) -> LarkFormField {
        let type = widget["type"]?.string ?? ""
        return LarkFormField(
            id: widget["id"]?.string ?? "", customID: widget["custom_id"]?.string,
            name: widget["name"]?.string ?? "", type: type, value: LarkFormValue.parse(type: type, widget: widget),
            columns: (widget["children"]?.array ?? []).compactMap { $0.object.map(parse) })
    }
}
