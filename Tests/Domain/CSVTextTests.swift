import Domain
import Foundation
import Testing

@Suite("CSV text")
struct CSVTextTests {
    @Test("A cell a spreadsheet would run as a formula is neutralised with a leading apostrophe")
    func formulas() {
        for start in ["=", "+", "-", "@", "\t", "\r"] {
            let cell = CSVText.cell(start + "HYPERLINK(\"http://evil.example\")")
            #expect(cell.hasPrefix("'" + start) || cell.hasPrefix("\"'" + start), "\(start.debugDescription)")
        }
        #expect(CSVText.cell("=1+1") == "'=1+1")
        #expect(CSVText.cell("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVText.cell("Grab =1") == "Grab =1")
        #expect(CSVText.cell("") == "")
    }

    @Test("Commas, quotes and line breaks are quoted (RFC 4180); rows end with CRLF")
    func quoting() {
        #expect(CSVText.cell("Toast Box, Raffles") == "\"Toast Box, Raffles\"")
        #expect(CSVText.cell("5\" screen") == "\"5\"\" screen\"")
        #expect(CSVText.cell("two\nlines") == "\"two\nlines\"")
        #expect(CSVText.cell("\r=cmd") == "\"'\r=cmd\"")
        #expect(CSVText.cell("面包 店") == "面包 店")
        #expect(CSVText.row(["a", "b"]) == "a,b\r\n")
    }

    @Test("Kopi's own numbers stay numbers, a negative amount included; anything else is text")
    func numbers() {
        #expect(CSVText.number("25.00") == "25.00")
        #expect(CSVText.number("-12.50") == "-12.50")
        #expect(CSVText.number("1200") == "1200")
        #expect(CSVText.number("-1+1") == "'-1+1")
        #expect(CSVText.number("-") == "'-")
        #expect(CSVText.number("1.2.3") == "1.2.3")
    }

    @Test("An approval's row: times in the policy's zone with the offset, findings worst first, hostile text inert")
    func approvalRow() throws {
        let tenant = TenantID(UUID())
        let submitted = Date(timeIntervalSince1970: 1_800_000_000)
        let claim = Submission(
            id: SubmissionID(UUID()), tenantID: tenant, flowID: FlowID(UUID()), instanceCode: "A1B2",
            applicant: "ou_7d8a6e6df7621556ce0d21922b676706", status: .approved,
            lineItems: [
                LineItem(
                    amount: Money(decimal: "-12.50", currency: CurrencyCode("SGD")!)!, category: "meals",
                    vendor: "=HYPERLINK(\"http://evil.example\",\"Grab\")")
            ], attachments: [], submittedAt: submitted, updatedAt: submitted)
        let check = Check(
            id: CheckID(UUID()), tenantID: tenant, submissionID: claim.id,
            findings: [
                Finding(.memoryKnownPattern, severity: .green, message: "Known"),
                Finding(.policyCapExceeded, severity: .red, message: "Over the cap, by far"),
            ], checkedAt: submitted.addingTimeInterval(5))
        let decision = Decision(
            id: DecisionID(UUID()), tenantID: tenant, submissionID: claim.id, approver: "ou_1", outcome: .approve,
            decidedAt: submitted.addingTimeInterval(600))
        let row = ApprovalExportRow(submission: claim, flowName: "Travel", check: check, decision: decision)
            .cells(timeZone: TimeZone(identifier: "Asia/Singapore")!)
        #expect(row.count == ApprovalExportRow.header.count)
        #expect(row[4] == "2027-01-15T16:00:00+08:00")
        #expect(row[5] == "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Grab\"\")\"")
        #expect(row[8] == "-12.50")
        #expect(row[9] == "red")
        #expect(row[10] == "\"red policy.cap_exceeded: Over the cap, by far | green memory.known_pattern: Known\"")
        #expect(row[11] == "approve" && row[13] == "2027-01-15T16:10:00+08:00")
        let empty = ApprovalExportRow(submission: claim, flowName: nil, check: nil, decision: nil).cells(timeZone: .gmt)
        #expect(empty[4] == "2027-01-15T08:00:00Z" && empty[9] == "" && empty[13] == "")
    }
}
