import Foundation

/// Reads an expense claim out of an instance's form through a flow's field mapping: one line item
/// per detail-table row when the mapping names a table, else one line for the whole form.
public struct ClaimReader: Sendable {
    public let mapping: FormFieldMapping

    public init(mapping: FormFieldMapping) {
        self.mapping = mapping
    }

    public struct Claim: Hashable, Sendable {
        public var lineItems: [LineItem]
        public var attachments: [AttachmentReference]
        /// Rows whose amount could not be read, with the reason, for a finding.
        public var problems: [String]
    }

    public func read(_ form: [LarkFormField]) -> Claim {
        var claim = Claim(lineItems: [], attachments: files(in: form, widget: mapping.attachments), problems: [])
        if let tableID = mapping.detailTable, case .table(let rows)? = field(tableID, in: form)?.value {
            for (index, row) in rows.enumerated() {
                claim.attachments += files(in: row, widget: mapping.attachments)
                if let item = lineItem(row, fallback: form) {
                    claim.lineItems.append(item)
                } else {
                    claim.problems.append("row \(index + 1) has no readable amount")
                }
            }
        } else if let item = lineItem(form, fallback: []) {
            claim.lineItems.append(item)
        } else {
            claim.problems.append("the form has no readable amount")
        }
        return claim
    }

    private func lineItem(_ fields: [LarkFormField], fallback: [LarkFormField]) -> LineItem? {
        func value(_ id: String?) -> LarkFormValue? {
            guard let id else { return nil }
            return (field(id, in: fields) ?? field(id, in: fallback))?.value
        }
        let currencyText: String? = {
            if case .amount(_, let currency?)? = value(mapping.amount) { return currency }
            if case .text(let code)? = value(mapping.currency) { return code }
            if case .options(let codes)? = value(mapping.currency) { return codes.first }
            return nil
        }()
        guard let currency = currencyText.flatMap(CurrencyCode.init) ?? mapping.defaultCurrency else { return nil }
        let amountText: String?
        switch value(mapping.amount) {
        case .amount(let text, _)?, .number(let text)?, .text(let text)?: amountText = text
        default: amountText = nil
        }
        guard let amountText,
            let amount = Money(decimal: Self.rounded(amountText, digits: currency.minorUnitDigits), currency: currency)
        else { return nil }
        var date: Date?
        switch value(mapping.date) {
        case .date(let day)?: date = day
        case .dateInterval(let start, _)?: date = start
        default: date = nil
        }
        return LineItem(
            amount: amount, date: date, category: text(value(mapping.category)), vendor: text(value(mapping.vendor)),
            description: text(value(mapping.description)))
    }

    private func text(_ value: LarkFormValue?) -> String? {
        switch value {
        case .text(let text)?: text.isEmpty ? nil : text
        case .options(let options)?: options.first
        default: nil
        }
    }

    private func field(_ id: String, in fields: [LarkFormField]) -> LarkFormField? {
        fields.first { $0.id == id || $0.customID == id }
    }

    private func files(in fields: [LarkFormField], widget: String?) -> [AttachmentReference] {
        guard let widget, case .files(let files)? = field(widget, in: fields)?.value else { return [] }
        return files
    }

    /// Cuts a decimal to the currency's digits (Lark may send `12.5000`); extra digits must be zeros.
    static func rounded(_ text: String, digits: Int) -> String {
        guard let dot = text.firstIndex(of: ".") else { return text }
        let fraction = text[text.index(after: dot)...]
        guard fraction.count > digits, fraction.dropFirst(digits).allSatisfy({ $0 == "0" }) else { return text }
        let kept = fraction.prefix(digits)
        return String(text[..<dot]) + (kept.isEmpty ? "" : "." + kept)
    }
}
