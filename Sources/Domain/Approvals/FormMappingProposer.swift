import Foundation

/// Proposes which widgets of an approval definition carry the parts of an expense claim, from
/// widget types and names (English and Chinese), for an admin to confirm or correct. Columns of a
/// detail table are preferred, so each row becomes a line item.
public struct FormMappingProposer: Sendable {
    public init() {}

    static let amountTypes: Set<String> = ["amount", "number", "formula"]
    static let fileTypes: Set<String> = ["attachmentV2", "attachment", "image", "imageV2"]
    static let choiceTypes: Set<String> = ["radio", "radioV2", "checkbox", "checkboxV2"]
    static let textTypes: Set<String> = ["input", "textarea", "text"]

    static let words: [String: [String]] = [
        "amount": ["amount", "total", "sum", "cost", "price", "金额", "费用", "合计", "总额"],
        "currency": ["currency", "币种", "货币"],
        "date": ["date", "day", "日期", "时间"],
        "category": ["category", "type", "kind", "类别", "类型", "科目"],
        "vendor": ["vendor", "merchant", "supplier", "payee", "shop", "商户", "供应商", "商家", "收款"],
        "description": ["description", "reason", "purpose", "note", "detail", "事由", "说明", "备注", "用途"],
        "attachments": ["invoice", "receipt", "发票", "票据", "附件"],
    ]

    public func propose(_ widgets: [LarkFormField], defaultCurrency: CurrencyCode? = nil) -> FormFieldMapping {
        let table = widgets.first {
            $0.type == "fieldList" && $0.columns.contains { Self.amountTypes.contains($0.type) }
        }
        // Columns first, then the rest of the form.
        let candidates = (table?.columns ?? []) + widgets.filter { $0.type != "fieldList" }
        var used: Set<String> = []
        func pick(_ role: String, types: Set<String>, nameRequired: Bool) -> String? {
            let pool = candidates.filter { types.contains($0.type) && !used.contains($0.id) }
            let named = pool.first { Self.matches($0.name, role) }
            guard let chosen = named ?? (nameRequired ? nil : pool.first) else { return nil }
            used.insert(chosen.id)
            return chosen.id
        }
        var mapping = FormFieldMapping()
        mapping.detailTable = table?.id
        mapping.amount = pick("amount", types: Self.amountTypes, nameRequired: false)
        mapping.currency = pick("currency", types: Self.choiceTypes.union(Self.textTypes), nameRequired: true)
        mapping.date =
            pick("date", types: ["date"], nameRequired: false)
            ?? pick("date", types: ["dateInterval"], nameRequired: false)
        mapping.category = pick("category", types: Self.choiceTypes.union(Self.textTypes), nameRequired: true)
        mapping.vendor = pick("vendor", types: Self.textTypes, nameRequired: true)
        mapping.description =
            pick("description", types: Self.textTypes, nameRequired: true)
            ?? pick("description", types: ["textarea"], nameRequired: false)
        mapping.attachments = pick("attachments", types: Self.fileTypes, nameRequired: false)
        let amountWidget = candidates.first { $0.id == mapping.amount }
        if case .amount(_, let code?)? = amountWidget?.value, let currency = CurrencyCode(code) {
            mapping.defaultCurrency = currency
        } else if case .text(let code)? = amountWidget?.value, let currency = CurrencyCode(code) {
            mapping.defaultCurrency = currency
        } else {
            mapping.defaultCurrency = defaultCurrency
        }
        return mapping
    }

    /// Every problem with a mapping against the definition's widgets, for a form to show at once.
    public func problems(_ mapping: FormFieldMapping, widgets: [LarkFormField]) -> [String] {
        let all = widgets + widgets.flatMap(\.columns)
        func type(of id: String?) -> String? { id.flatMap { id in all.first { $0.id == id }?.type } }
        var problems: [String] = []
        let entries: [(String, String?, Set<String>?)] = [
            ("amount", mapping.amount, Self.amountTypes.union(Self.textTypes)),
            ("currency", mapping.currency, Self.choiceTypes.union(Self.textTypes)),
            ("date", mapping.date, ["date", "dateInterval"]),
            ("category", mapping.category, Self.choiceTypes.union(Self.textTypes)),
            ("vendor", mapping.vendor, Self.textTypes.union(Self.choiceTypes)),
            ("description", mapping.description, Self.textTypes),
            ("attachments", mapping.attachments, Self.fileTypes),
            ("detailTable", mapping.detailTable, ["fieldList"]),
        ]
        for (name, id, types) in entries {
            guard let id else { continue }
            guard let found = type(of: id) else {
                problems.append("\(name): the form has no widget \(id).")
                continue
            }
            if let types, !types.contains(found) {
                problems.append("\(name): widget \(id) is a \(found) widget, which cannot hold it.")
            }
        }
        if !mapping.isUsable { problems.append("amount: choose the widget holding the amount (or a detail table).") }
        if mapping.amount != nil, mapping.currency == nil, mapping.defaultCurrency == nil,
            type(of: mapping.amount) != "amount"
        {
            problems.append("currency: choose a currency widget or a default currency.")
        }
        return problems
    }

    static func matches(_ name: String, _ role: String) -> Bool {
        let lowered = name.lowercased()
        return (words[role] ?? []).contains { lowered.contains($0) }
    }
}
