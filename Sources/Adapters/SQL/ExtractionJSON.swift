import Domain
import Foundation

/// An invoice extraction's stored JSON (`extractions.body`), like ``SubmissionJSON``: the text
/// `SQLCoding.json` writes for the `Codable` conformance but for a `.0` after whole milliseconds
/// and an unescaped `/`, read back alike through either reader (`StoredJSONTests`).
enum ExtractionJSON {
    private typealias Stored = StoredJSON

    static func text(_ extraction: InvoiceExtraction) throws -> String {
        var object: [String: Any] = [
            "contentHash": extraction.contentHash,
            "lineItems": extraction.lineItems.map { line -> [String: Any] in
                var object: [String: Any] = [:]
                object["description"] = line.description
                object["amount"] = line.amount.map(Stored.money)
                return object
            },
        ]
        object["vendor"] = extraction.vendor
        object["vendorTaxID"] = extraction.vendorTaxID
        object["invoiceNumber"] = extraction.invoiceNumber
        object["invoiceDate"] = extraction.invoiceDate.map(Stored.millis)
        object["currency"] = extraction.currency?.code
        object["subtotal"] = extraction.subtotal.map(Stored.money)
        object["tax"] = extraction.tax.map(Stored.money)
        object["total"] = extraction.total.map(Stored.money)
        object["suggestedCategory"] = extraction.suggestedCategory
        return try JSONText.serialize(object)
    }

    /// Nil for anything that is not an extraction as either writer stores it.
    static func extraction(from text: String) -> InvoiceExtraction? {
        guard let object = (try? JSONValue.parse(text))?.object, let contentHash = object["contentHash"]?.string,
            let vendor = Stored.optionalString(object["vendor"]),
            let vendorTaxID = Stored.optionalString(object["vendorTaxID"]),
            let invoiceNumber = Stored.optionalString(object["invoiceNumber"]),
            let invoiceDate = CodableReading.optional(object["invoiceDate"], { Stored.date($0) }),
            let currency = CodableReading.optional(object["currency"], { $0.string.flatMap(CurrencyCode.init) }),
            let subtotal = CodableReading.optional(object["subtotal"], Stored.money),
            let tax = CodableReading.optional(object["tax"], Stored.money),
            let total = CodableReading.optional(object["total"], Stored.money),
            let lineItems = object["lineItems"]?.array.flatMap({ CodableReading.all($0, Self.line) }),
            let suggestedCategory = Stored.optionalString(object["suggestedCategory"])
        else { return nil }
        return InvoiceExtraction(
            contentHash: contentHash, vendor: vendor, vendorTaxID: vendorTaxID, invoiceNumber: invoiceNumber,
            invoiceDate: invoiceDate, currency: currency, subtotal: subtotal, tax: tax, total: total,
            lineItems: lineItems, suggestedCategory: suggestedCategory)
    }

    private static func line(_ value: JSONValue) -> ExtractedLine? {
        guard let object = value.object, let description = Stored.optionalString(object["description"]),
            let amount = CodableReading.optional(object["amount"], Stored.money)
        else { return nil }
        return ExtractedLine(description: description, amount: amount)
    }
}
