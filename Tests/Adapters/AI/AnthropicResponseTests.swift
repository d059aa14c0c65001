import Domain
import Foundation
import Ports
import Testing

@testable import Adapters

@Suite("Anthropic answers read into extractions")
struct AnthropicResponseTests {
    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }

    @Test("Every day from 1900 to 2100 reads as Calendar's noon UTC of that day")
    func daysMatchCalendar() throws {
        var day = try #require(Self.calendar.date(from: DateComponents(year: 1900, month: 1, day: 1, hour: 12)))
        var checked = 0
        while Self.calendar.component(.year, from: day) <= 2100 {
            let parts = Self.calendar.dateComponents([.year, .month, .day], from: day)
            let text = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            #expect(AnthropicResponse.date(text) == day, "\(text)")
            day = day.addingTimeInterval(86400)
            checked += 1
        }
        #expect(checked == 73_414)
    }

    @Test("A day the month lacks, or any other shape than YYYY-MM-DD, is no date")
    func malformedDays() {
        #expect(AnthropicResponse.date("2024-02-29") != nil)
        for text in [
            "2023-02-29", "2100-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
            "2026-1-05", "+2026-1-05", "2026/01/05", " 2026-01-05", "2026-01-05 ", "20260105", "0000-01-01",
            "２０２６-01-05", "", "2026-01-0x",
        ] {
            #expect(AnthropicResponse.date(text) == nil, "\(text)")
        }
    }

    static let requestID = "req_011CUH8tXLnEgkHsTCR3Yyjw"

    static func read(_ body: String) throws(InvoiceReaderError) -> InvoiceExtraction {
        try AnthropicResponse.extraction(from: Data(body.utf8), contentHash: "sha256:ab", requestID: requestID)
    }

    @Test("A text block's JSON and a tool_use block's input read alike; amounts only from decimal strings")
    func readsTextAndToolUse() throws {
        let fields = #"""
            {"vendor_name": " Grab Pte Ltd ", "invoice_number": "", "invoice_date": "2026-11-20", "currency": "SGD",
             "subtotal_amount": 110.00, "tax_amount": "10.50", "total_amount": "120.50",
             "line_items": [{"description": "Ride é", "amount": "120.50"}, "not a line", {"amount": 3}],
             "suggested_category": "Transport"}
            """#
        let text = try JSONText.serialize(fields)
        let fromText = try Self.read(
            #"{"id":"msg_01","stop_reason":"end_turn","content":[{"type":"thinking"},{"type":"text","text":\#(text)}]}"#
        )
        let fromTool = try Self.read(
            #"{"stop_reason":"tool_use","content":[{"type":"tool_use","name":"record","input":\#(fields)}]}"#)
        #expect(fromText == fromTool)
        #expect(fromText.vendor == "Grab Pte Ltd")
        #expect(fromText.invoiceNumber == nil)
        #expect(fromText.invoiceDate == AnthropicResponse.date("2026-11-20"))
        #expect(fromText.subtotal == nil, "a JSON number is not trusted as an amount")
        #expect(fromText.tax?.minorUnits == 1050)
        #expect(fromText.total?.minorUnits == 12050)
        #expect(fromText.lineItems.map(\.description) == ["Ride é", nil])
        #expect(fromText.lineItems.map(\.amount?.minorUnits) == [12050, nil])
        #expect(fromText.suggestedCategory == "transport")
    }

    @Test("A refusal is unreadable; a cut-off, empty or non-JSON answer is malformed")
    func refusalsAndMalformedAnswers() {
        #expect(throws: InvoiceReaderError(.unreadable)) {
            try Self.read(#"{"stop_reason":"refusal","content":[]}"#)
        }
        for body in [
            #"{"stop_reason":"max_tokens","content":[{"type":"text","text":"{}"}]}"#,
            #"{"stop_reason":"end_turn","content":[{"type":"text","text":"I cannot read this"}]}"#,
            #"{"stop_reason":"end_turn","content":[]}"#,
            #"{"stop_reason":"end_turn","content":[{"type":"text","text":"{}"}"#,
            "[]", "",
        ] {
            #expect(throws: InvoiceReaderError(.malformedResponse), "\(body)") { try Self.read(body) }
        }
    }
}
