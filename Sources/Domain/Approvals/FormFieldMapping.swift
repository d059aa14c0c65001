/// Which Lark form widget (by widget id) carries each part of an expense claim.
/// A nil entry means the form has no such field; `defaultCurrency` applies when none is given.
public struct FormFieldMapping: Hashable, Sendable, Codable {
    public var amount: String?
    public var currency: String?
    public var date: String?
    public var category: String?
    public var vendor: String?
    public var description: String?
    public var attachments: String?
    /// The detail table (`fieldList`) whose rows become line items, with the column mapping inside.
    public var detailTable: String?
    public var defaultCurrency: CurrencyCode?

    public init(
        amount: String? = nil, currency: String? = nil, date: String? = nil, category: String? = nil,
        vendor: String? = nil, description: String? = nil, attachments: String? = nil,
        detailTable: String? = nil, defaultCurrency: CurrencyCode? = nil
    ) {
        self.amount = amount
        self.currency = currency
        self.date = date
        self.category = category
        self.vendor = vendor
        self.description = description
        self.attachments = attachments
        self.detailTable = detailTable
        self.defaultCurrency = defaultCurrency
    }

    /// True when at least the amount can be found, which is what a check needs to run.
    public var isUsable: Bool { amount != nil || detailTable != nil }
}
