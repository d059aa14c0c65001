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

    static func parse(type: String, widget: [String: Any]) -> LarkFormValue {
        let value = widget["value"]
        switch type {
        case "input", "textarea", "text", "telephone":
            return (value as? String).map(LarkFormValue.text) ?? .empty
        case "number", "formula":
            return decimal(value).map(LarkFormValue.number) ?? .empty
        case "amount":
            if let amount = decimal(value) {
                return .amount(amount, currency: widget["currency"] as? String ?? widget["option"].flatMap(currency))
            }
            // In a definition, an amount widget's value is its default currency code.
            if let code = value as? String, code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                return .text(code)
            }
            return .empty
        case "date":
            return (value as? String).flatMap(rfc3339).map(LarkFormValue.date) ?? .empty
        case "dateInterval":
            guard let range = value as? [String: Any], let start = (range["start"] as? String).flatMap(rfc3339),
                let end = (range["end"] as? String).flatMap(rfc3339)
            else { return .empty }
            return .dateInterval(start: start, end: end)
        case "radio", "radioV2", "checkbox", "checkboxV2":
            if let one = value as? String { return .options([one]) }
            return (value as? [Any]).map { .options($0.compactMap { $0 as? String }) } ?? .empty
        case "attachmentV2", "attachment", "image", "imageV2":
            return .files(files(value, names: widget["ext"] as? String))
        case "fieldList":
            guard let rows = value as? [Any] else { return .empty }
            return .table(
                rows.compactMap { row in
                    (row as? [Any]).map { $0.compactMap { ($0 as? [String: Any]).map(LarkFormField.parse) } }
                })
        default:
            return .empty
        }
    }

    /// A number or numeric string as plain decimal text.
    static func decimal(_ value: Any?) -> String? {
        switch value {
        case let text as String:
            let trimmed = text.trimmingWhitespace()
            return Double(trimmed) == nil ? nil : trimmed
        case let number as NSNumber:
            // NSNumber's description keeps the decimal digits JSON carried (1234.56 → "1234.56").
            return number.description
        default:
            return nil
        }
    }

    static func currency(_ option: Any) -> String? {
        (option as? [String: Any])?["currency"] as? String
    }

    static func rfc3339(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }

    /// URLs with the names in `ext`, which is `'a.pdf','b.pdf'` or `a.pdf,b.pdf`; when the counts
    /// differ, names come from the URL path.
    static func files(_ value: Any?, names ext: String?) -> [AttachmentReference] {
        let urls: [String] = (value as? [Any])?.compactMap { $0 as? String } ?? (value as? String).map { [$0] } ?? []
        let names = (ext ?? "").split(separator: ",").map {
            $0.trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        }
        return urls.enumerated().map { index, url in
            let name = names.count == urls.count ? names[index] : URL(string: url)?.lastPathComponent ?? "attachment"
            return AttachmentReference(fileName: name.isEmpty ? "attachment" : name, url: url)
        }
    }
}
