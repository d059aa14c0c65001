public import Foundation

/// What the AI read from one invoice attachment. Every field is optional: unknown is nil, never a guess.
public struct InvoiceExtraction: Hashable, Sendable, Codable {
    /// SHA-256 of the attachment bytes, hex: the attachment's identity for duplicate detection.
    public let contentHash: String
    public var vendor: String?
    public var vendorTaxID: String?
    public var invoiceNumber: String?
    public var invoiceDate: Date?
    public var currency: CurrencyCode?
    public var subtotal: Money?
    public var tax: Money?
    public var total: Money?
    public var lineItems: [ExtractedLine]
    public var suggestedCategory: String?

    public init(
        contentHash: String, vendor: String? = nil, vendorTaxID: String? = nil, invoiceNumber: String? = nil,
        invoiceDate: Date? = nil, currency: CurrencyCode? = nil, subtotal: Money? = nil, tax: Money? = nil,
        total: Money? = nil, lineItems: [ExtractedLine] = [], suggestedCategory: String? = nil
    ) {
        self.contentHash = contentHash
        self.vendor = vendor
        self.vendorTaxID = vendorTaxID
        self.invoiceNumber = invoiceNumber
        self.invoiceDate = invoiceDate
        self.currency = currency
        self.subtotal = subtotal
        self.tax = tax
        self.total = total
        self.lineItems = lineItems
        self.suggestedCategory = suggestedCategory
    }

    /// Vendor and invoice number, normalised: a second invoice with the same key is a duplicate.
    public var invoiceKey: String? {
        guard let vendor, let number = invoiceNumber?.trimmingWhitespace(), !number.isEmpty
        else { return nil }
        return VendorName.normalise(vendor) + "#" + number.uppercased()
    }
}

/// One line of an invoice as read by the AI.
public struct ExtractedLine: Hashable, Sendable, Codable {
    public var description: String?
    public var amount: Money?

    public init(description: String? = nil, amount: Money? = nil) {
        self.description = description
        self.amount = amount
    }
}
