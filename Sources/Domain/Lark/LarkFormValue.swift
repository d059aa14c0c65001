public import Foundation

/// A widget value as the approval v4 API returns it, per widget type.
public enum LarkFormValue: Hashable, Sendable {
    case text(String)
    /// `number`, `formula`: the decimal as text, never a float.
    case number(String)
    /// `amount`: the decimal as text and the currency when the form carries one.
    case amount(String, currency: String?)
    case date(Date)
    case dateInterval(start: Date, end: Date)
    /// `radio`/`radioV2` (one) and `checkbox`/`checkboxV2` (several).
    case options([String])
    /// `attachmentV2`, `attachment`, `image`, `imageV2`: pre-signed URLs with names where known.
    case files([AttachmentReference])
    /// `fieldList`: the rows of a detail table.
    case table([[LarkFormField]])
    case empty

    static func parse(type: String, widget: JSONObject) -> LarkFormValue {
        let value = widget["value"]
        switch type {
        case "input", "textarea", "text", "telephone":
            return value?.string.map(LarkFormValue.text) ?? .empty
        case "number", "formula":
            return decimal(value).map(LarkFormValue.number) ?? .empty
        case "amount":
            if let amount = decimal(value) {
                return .amount(amount, currency: widget["currency"]?.string ?? widget["option"]?["currency"]?.string)
            }
            // In a definition, an amount widget's value is its default currency code.
            if let code = value?.string, code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                return .text(code)
            }
            return .empty
        case "date":
            return value?.string.flatMap(rfc3339).map(LarkFormValue.date) ?? .empty
        case "dateInterval":
            guard let start = value?["start"]?.string.flatMap(rfc3339), let end = value?["end"]?.string.flatMap(rfc3339)
            else { return .empty }
            return .dateInterval(start: start, end: end)
        case "radio", "radioV2", "checkbox", "checkboxV2":
            if let one = value?.string { return .options([one]) }
            return value?.array.map { .options($0.compactMap(\.string)) } ?? .empty
        case "attachmentV2", "attachment", "image", "imageV2":
            return .files(files(value, names: widget["ext"]?.string))
        case "fieldList":
            guard let rows = value?.array else { return .empty }
            return .table(
                rows.compactMap { row in row.array.map { $0.compactMap { $0.object.map(LarkFormField.parse) } } })
        default:
            return .empty
        }
    }

    /// A number or numeric string as plain decimal text: a JSON number as written, unless it has
    /// an exponent (`1.5e3`), which is written out as a Double (`1500.0`).
    static func decimal(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?:
            let trimmed = text.trimmingWhitespace()
            return Double(trimmed) == nil ? nil : trimmed
        case .number(let text)?:
            guard text.utf8.contains(where: { $0 | 0x20 == UInt8(ascii: "e") }) else { return text }
            return value?.double.map { String($0) }
        default:
            return nil
        }
    }

    static func rfc3339(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }

    /// URLs with the names in `ext`, which is `'a.pdf','b.pdf'` or `a.pdf,b.pdf`; when the counts
    /// differ, names come from the URL path.
    static func files(_ value: JSONValue?, names ext: String?) -> [AttachmentReference] {
        let urls: [String] = value?.array?.compactMap(\.string) ?? value?.string.map { [$0] } ?? []
        let names = (ext ?? "").split(separator: ",").map {
            $0.trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        }
        return urls.enumerated().map { index, url in
            let name = names.count == urls.count ? names[index] : URL(string: url)?.lastPathComponent ?? "attachment"
            return AttachmentReference(fileName: name.isEmpty ? "attachment" : name, url: url)
        }
    }
}
