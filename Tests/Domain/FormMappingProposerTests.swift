import Domain
import Testing

@Suite("Form mapping proposals")
struct FormMappingProposerTests {
    static func field(
        _ id: String, _ type: String, _ name: String, value: LarkFormValue = .empty, columns: [LarkFormField] = []
    ) -> LarkFormField {
        LarkFormField(id: id, name: name, type: type, value: value, columns: columns)
    }

    @Test("A flat English form maps by type and name, with the amount widget's default currency")
    func flat() {
        let widgets = [
            Self.field("w1", "input", "Title"), Self.field("w2", "amount", "Total", value: .text("SGD")),
            Self.field("w3", "date", "Expense date"),
            Self.field("w4", "radioV2", "Category"), Self.field("w5", "input", "Merchant name"),
            Self.field("w6", "textarea", "Business purpose"),
            Self.field("w7", "attachmentV2", "Receipts"),
        ]
        let mapping = FormMappingProposer().propose(widgets)
        #expect(
            mapping
                == FormFieldMapping(
                    amount: "w2", date: "w3", category: "w4", vendor: "w5", description: "w6", attachments: "w7",
                    defaultCurrency: CurrencyCode("SGD")))
        #expect(FormMappingProposer().problems(mapping, widgets: widgets).isEmpty)
    }

    @Test("Chinese names and a detail table: columns win, so every row becomes a line item")
    func chineseTable() {
        let columns = [
            Self.field("c1", "number", "金额"), Self.field("c2", "date", "日期"), Self.field("c3", "radioV2", "费用类型"),
            Self.field("c4", "input", "供应商"), Self.field("c5", "input", "事由"), Self.field("c6", "radioV2", "币种"),
        ]
        let widgets = [Self.field("t", "fieldList", "费用明细", columns: columns), Self.field("f", "attachmentV2", "发票")]
        let mapping = FormMappingProposer().propose(widgets, defaultCurrency: CurrencyCode("CNY"))
        #expect(
            mapping.detailTable == "t" && mapping.amount == "c1" && mapping.date == "c2" && mapping.category == "c3")
        #expect(
            mapping.vendor == "c4" && mapping.description == "c5" && mapping.currency == "c6"
                && mapping.attachments == "f")
        #expect(mapping.defaultCurrency == CurrencyCode("CNY"))
    }

    @Test("Nothing recognisable proposes nothing, and the problems say what is missing")
    func nothing() {
        let widgets = [Self.field("x", "contact", "Manager")]
        let mapping = FormMappingProposer().propose(widgets)
        #expect(mapping == FormFieldMapping())
        #expect(FormMappingProposer().problems(mapping, widgets: widgets).contains { $0.hasPrefix("amount:") })
    }

    @Test("Corrections are checked against the form: unknown widgets, wrong kinds, no currency")
    func problems() {
        let widgets = [
            Self.field("n", "number", "Amount"), Self.field("d", "date", "Date"),
            Self.field("f", "attachmentV2", "Files"),
        ]
        let problems = FormMappingProposer().problems(
            FormFieldMapping(amount: "n", date: "f", vendor: "ghost"), widgets: widgets)
        #expect(problems.contains { $0.contains("date") && $0.contains("attachmentV2") })
        #expect(problems.contains { $0.contains("vendor") && $0.contains("no widget ghost") })
        #expect(problems.contains { $0.hasPrefix("currency:") })
        #expect(
            FormMappingProposer().problems(
                FormFieldMapping(amount: "n", defaultCurrency: CurrencyCode("SGD")), widgets: widgets
            ).isEmpty)
    }
}
