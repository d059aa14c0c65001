import Domain
import Foundation
import Ports

/// The demo's stand-in for Claude: reads the `key=value` lines of the demo's generated invoice
/// PDFs, deterministically. Used only for demo workspaces (``LarkDomain/demo``).
struct DemoInvoiceReader: InvoiceReader {
    static let marker = "%KOPI-DEMO-INVOICE"

    func read(_ attachment: borrowing FetchedAttachment, formSummary: String?) async throws(InvoiceReaderError)
        -> InvoiceExtraction
    {
        let text = attachment.withBytes { String(decoding: $0, as: UTF8.self) }
        guard text.contains(Self.marker) else { throw InvoiceReaderError(.unreadable) }
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        let currency = fields["currency"].flatMap(CurrencyCode.init)
        func money(_ key: String) -> Money? {
            currency.flatMap { code in fields[key].flatMap { Money(decimal: $0, currency: code) } }
        }
        return InvoiceExtraction(
            contentHash: attachment.contentHash, vendor: fields["vendor"], vendorTaxID: fields["tax_id"],
            invoiceNumber: fields["number"],
            invoiceDate: fields["date"].flatMap { try? Date("\($0)T12:00:00Z", strategy: .iso8601) },
            currency: currency,
            subtotal: money("subtotal"), tax: money("tax"), total: money("total"), lineItems: [],
            suggestedCategory: fields["category"])
    }

    /// A small PDF the reader above understands (and which sniffs as PDF).
    static func invoice(
        vendor: String, number: String, date: String, currency: String, total: String, tax: String, category: String
    ) -> [UInt8] {
        Array(
            """
            %PDF-1.4
            \(marker)
            vendor=\(vendor)
            number=\(number)
            date=\(date)
            currency=\(currency)
            total=\(total)
            tax=\(tax)
            category=\(category)
            %%EOF

            """.utf8)
    }
}
