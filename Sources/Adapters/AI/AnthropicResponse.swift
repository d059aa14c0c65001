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
        guard let message = (try? JSONValue.parse(body))?.object else {
            throw InvoiceReaderError(.malformedResponse, requestID: requestID)
        }
        switch message["stop_reason"]?.string {
        case "end_turn"?, "tool_use"?: break
        case "refusal"?: throw InvoiceReaderError(.unreadable, requestID: requestID)
        default: throw InvoiceReaderError(.malformedResponse, requestID: requestID)
        }
        let blocks = message["content"]?.array ?? []
        let fields: JSONObject? = blocks.lazy.compactMap { block -> JSONObject? in
            let type = block["type"]?.string
            if type == "text", let text = block["text"]?.string {
                return (try? JSONValue.parse(text))?.object
            }
            return type == "tool_use" ? block["input"]?.object : nil
        }.first
        guard let fields else { throw InvoiceReaderError(.malformedResponse, requestID: requestID) }
        return map(fields, contentHash: contentHash)
    }

    static func map(_ fields: JSONObject, contentHash: String) -> InvoiceExtraction {
        func text(_ key: String) -> String? {
            guard let value = fields[key]?.string?.trimmingWhitespaceAndNewlines(), !value.isEmpty
            else { return nil }
            return value
        }
        let currency = text("currency").flatMap(CurrencyCode.init)
        func money(_ value: String?) -> Money? {
            guard let currency, let value else { return nil }
            return Money(decimal: value, currency: currency)
        }
        let lines = (fields["line_items"]?.array ?? []).compactMap(\.object).map { line in
            ExtractedLine(description: line["description"]?.string, amount: money(line["amount"]?.string))
        }
        return InvoiceExtraction(
            contentHash: contentHash, vendor: text("vendor_name"), vendorTaxID: text("vendor_tax_id"),
            invoiceNumber: text("invoice_number"), invoiceDate: text("invoice_date").flatMap(date), currency: currency,
            subtotal: money(text("subtotal_amount")), tax: money(text("tax_amount")),
            total: money(text("total_amount")),
            lineItems: lines, suggestedCategory: text("suggested_category")?.lowercased())
    }

    /// `YYYY-MM-DD` at noon UTC, so the calendar day survives any tenant time zone; nil for any
    /// other shape or a day the month does not have. Counted on the Gregorian calendar by hand:
    /// building a `Calendar` for each answer showed in the profile of every claim.
    static func date(_ text: String) -> Date? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in utf8[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), year >= 1,
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return Date(timeIntervalSince1970: Double(daysSince1970(year: year, month: month, day: day)) * 86400 + 43200)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the day (H. Hinnant's `days_from_civil`, for years from 1).
    private static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = shifted / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
