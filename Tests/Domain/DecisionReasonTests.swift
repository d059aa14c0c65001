import Domain
import Foundation
import Testing

@Suite("Reasons typed on the card")
struct DecisionReasonTests {
    @Test(
        "Blank text is no reason; text is trimmed, control characters other than line breaks go, and it is capped at 500"
    )
    func shape() throws {
        for blank in ["", "   ", "\n\t \n", "\u{0007}\u{0000}"] { #expect(DecisionReason(blank) == nil) }
        #expect(DecisionReason("  Hotel folio missing.\n")?.text == "Hotel folio missing.")
        #expect(DecisionReason("Line one\nline\u{0000} two\u{001B}")?.text == "Line one\nline two")
        #expect(DecisionReason("发票抬头不对，请重新开具")?.text == "发票抬头不对，请重新开具")
        let long = String(repeating: "é", count: 700)
        #expect(DecisionReason(long)?.text.count == DecisionReason.maxLength)
        let encoded = try JSONEncoder().encode(DecisionReason("Why")!)
        #expect(String(decoding: encoded, as: UTF8.self) == #""Why""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DecisionReason.self, from: Data(#"" ""#.utf8)) }
    }

    @Test("Rejecting and asking for information need a reason; approving does not")
    func needed() {
        #expect(Decision.Outcome.allCases.filter(\.needsReason) == [.reject, .askForInfo])
    }
}
