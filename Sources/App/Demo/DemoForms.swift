import Domain
import Foundation

/// The demo flows' Lark forms: a definition (for onboarding's mapping proposal) and each claim's
/// filled-in instance form, plus its invoice file.
enum DemoForms {
    /// Widgets as Lark's JSON, read by the same parser as Lark's real forms.
    static func fields(_ widgets: [[String: any Sendable]]) throws -> [LarkFormField] {
        let json = try JSONSerialization.data(withJSONObject: widgets)
        return try LarkFormField.parseForm(String(decoding: json, as: UTF8.self))
    }

    static func definition(table: Bool) -> [[String: any Sendable]] {
        let fields: [[String: any Sendable]] = [
            ["id": "d-amount", "type": "amount", "name": "Amount", "value": "SGD"],
            ["id": "d-date", "type": "date", "name": "Expense date"],
            ["id": "d-category", "type": "radioV2", "name": "Expense type"],
            ["id": "d-vendor", "type": "input", "name": "Merchant"],
            ["id": "d-note", "type": "textarea", "name": "Purpose"],
        ]
        if table {
            return [
                ["id": "d-title", "type": "input", "name": "Request title"],
                [
                    "id": "d-items", "type": "fieldList", "name": "Items",
                    "children": fields + [["id": "d-receipt", "type": "attachmentV2", "name": "Invoice"]],
                ],
            ]
        }
        return fields + [["id": "d-receipt", "type": "attachmentV2", "name": "Invoice"]]
    }

    static func form(for claim: DemoScenario.Claim, spent: Date, table: Bool, fileURL: String?, fileName: String?)
        -> [[String: any Sendable]]
    {
        let day = ISO8601DateFormatter()
        day.timeZone = TimeZone(identifier: "Asia/Singapore")
        var fields: [[String: any Sendable]] = [
            ["id": "d-amount", "type": "amount", "value": claim.amount, "currency": claim.currency],
            ["id": "d-date", "type": "date", "value": day.string(from: spent)],
            ["id": "d-category", "type": "radioV2", "value": claim.category],
            ["id": "d-vendor", "type": "input", "value": claim.vendor],
            ["id": "d-note", "type": "textarea", "value": claim.note],
        ]
        if let fileURL, let fileName {
            fields.append(["id": "d-receipt", "type": "attachmentV2", "ext": fileName, "value": [fileURL]])
        }
        if table {
            return [
                ["id": "d-title", "type": "input", "value": claim.note.isEmpty ? claim.vendor : claim.note],
                ["id": "d-items", "type": "fieldList", "value": [fields]],
            ]
        }
        return fields
    }

    /// The claim's invoice file, or nil when the claim comes without one.
    static func file(for claim: DemoScenario.Claim, index: Int, now: Date) -> (name: String, bytes: [UInt8])? {
        if case .some(.none) = claim.invoiceTotal { return nil }
        let source = claim.duplicateOf ?? index
        let original = DemoScenario.claims[source]
        let prefix = String(original.vendor.uppercased().filter(\.isLetter).prefix(3))
        let total: String = if case .some(.some(let other)) = claim.invoiceTotal { other } else { original.amount }
        let date = now.addingTimeInterval(-Double(original.daysAgo + original.spentDaysBefore) * 86400)
        let tax = original.currency == "SGD" ? GST.included(in: total) : "0.00"
        let name = "invoice-\(prefix.lowercased())-\(source + 1)\(claim.invoiceTotal == nil ? "" : "-b").pdf"
        return (
            name,
            DemoInvoiceReader.invoice(
                vendor: original.vendor, number: "\(prefix)-\(String(format: "%04d", source + 1))",
                date: String(date.ISO8601Format().prefix(10)),
                currency: original.currency, total: total, tax: tax, category: original.category)
        )
    }
}

private enum GST {
    /// The 9% GST included in a total, as text with two decimals.
    static func included(in total: String) -> String {
        String(format: "%.2f", (Double(total) ?? 0) * 9 / 109)
    }
}
