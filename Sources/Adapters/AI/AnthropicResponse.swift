public import Domain
public import Foundation
public import Ports

/// Maps a Messages API answer to an extraction. Everything the answer does not state plainly,
/// or states in a shape Kopi cannot trust (a bad date, a non-decimal amount, an unknown currency),
/// becomes nil rather than a guess.
public enum AnthropicResponse {
    public static func extraction(from body: Data, contentHash: String, requestID: String?) throws(InvoiceReaderError)
        -> InvoiceExtraction
    {
        guard let message = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw InvoiceReaderError(.malformedResponse, requestID: requestID)
        }
        switch message["stop_reason"] as? String {
        case "end_turn"?, "tool_use"?: break
        case "refusal"?: throw InvoiceReaderError(.unreadable, requestID: requestID)
        default: throw InvoiceReaderError(.malformedResponse, requestID: requestID)
        }
        let blocks = message["content"] as? [[String: Any]] ?? []
        let fields: [String: Any]? = blocks.lazy.compactMap { block -> [String: Any]? in
            if block["type"] as? String == "text", let text = block["text"] as? String {
                return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
            }
            return block["type"] as? String == "tool_use" ? block["input"] as? [String: Any] : nil
        }.first
        guard let fields else { throw InvoiceReaderError(.malformedResponse, requestID: requestID) }
        return map(fields, contentHash: contentHash)
    }

    static func map(_ fields: [String: Any], contentHash: String) -> InvoiceExtraction {
        func text(_ key: String) -> String? {
            guard let value = (fields[key] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty
            else { return nil }
            return value
        }
        let currency = text("currency").flatMap(CurrencyCode.init)
        func money(_ value: String?) -> Money? {
            guard let currency, let value else { return nil }
            return Money(decimal: value, currency: currency)
        }
        let lines = (fields["line_items"] as? [[String: Any]] ?? []).map { line in
            ExtractedLine(description: line["description"] as? String, amount: money(line["amount"] as? String))
        }
        return InvoiceExtraction(
            contentHash: contentHash, vendor: text("vendor_name"), vendorTaxID: text("vendor_tax_id"),
            invoiceNumber: text("invoice_number"), invoiceDate: text("invoice_date").flatMap(date), currency: currency,
            subtotal: money(text("subtotal_amount")), tax: money(text("tax_amount")),
            total: money(text("total_amount")),
            lineItems: lines, suggestedCategory: text("suggested_category")?.lowercased())
    }

    /// `YYYY-MM-DD` at noon UTC, so the calendar day survives any tenant time zone.
    static func date(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == parts[2] else {
            return nil
        }
        return date
    }
}
