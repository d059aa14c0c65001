import Adapters
import Fakes
import Foundation
import Ports
import Testing

@Suite("Policy PDFs read by pdftotext")
struct PopplerTextReaderTests {
    @Test(
        "A PDF's text comes back as written; a scan without text, a file that is no PDF and a missing reader are each said"
    )
    func pdfText() async throws {
        let reader = PopplerTextReader()
        let text = try await reader.text(
            ofPDF: TestPDF.make(lines: [
                "Travel and Expense Policy (2026)", "Meals are reimbursed up to SGD 50.00 per person per meal.",
            ]))
        #expect(text.contains("Travel and Expense Policy (2026)"))
        #expect(text.contains("Meals are reimbursed up to SGD 50.00 per person per meal."))
        await #expect(throws: DocumentTextError.noText) { try await reader.text(ofPDF: TestPDF.blank()) }
        await #expect(throws: DocumentTextError.unreadable) {
            try await reader.text(ofPDF: Array("not a pdf at all".utf8))
        }
        await #expect(throws: DocumentTextError.unreadable) {
            try await reader.text(ofPDF: Array("%PDF-1.7\ngarbage without objects".utf8))
        }
        await #expect(throws: DocumentTextError.unavailable) {
            try await PopplerTextReader(executable: "/nonexistent/pdftotext").text(ofPDF: TestPDF.blank())
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
            $0.hasPrefix("kopi-pdf-")
        }
        #expect(leftovers.isEmpty, "the uploaded file is removed once read")
    }
}
