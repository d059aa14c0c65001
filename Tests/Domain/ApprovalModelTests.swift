import Domain
import Foundation
import Testing

@Suite("Approvals, checks and memory")
struct ApprovalModelTests {
    let sgd = CurrencyCode("SGD")!
    func money(_ minor: Int64, _ currency: CurrencyCode? = nil) -> Money {
        Money(minorUnits: minor, currency: currency ?? sgd)
    }

    func submission(_ items: [LineItem]) -> Submission {
        Submission(
            id: Identifier(UUID()), tenantID: Identifier(UUID()), flowID: Identifier(UUID()), instanceCode: "I",
            applicant: "ou",
            status: .pending, lineItems: items, attachments: [], submittedAt: Date(timeIntervalSince1970: 0),
            updatedAt: Date(timeIntervalSince1970: 0))
    }

    @Test("A claim's total, vendor and category exist only when its lines agree")
    func claimTotals() {
        let lines = [
            LineItem(amount: money(1000), category: "meals", vendor: "ACME Pte. Ltd."),
            LineItem(amount: money(250), category: "meals", vendor: "acme pte ltd"),
        ]
        let claim = submission(lines)
        #expect(claim.claimedTotal == money(1250))
        #expect(claim.vendorKey == "acme")
        #expect(claim.category == "meals")
        let mixed = submission([
            LineItem(amount: money(1)),
            LineItem(amount: money(1, CurrencyCode("USD")!), category: "x", vendor: "Other"),
        ])
        #expect(mixed.claimedTotal == nil)
        #expect(submission([]).claimedTotal == nil)
        #expect(
            submission([LineItem(amount: money(1), vendor: "A"), LineItem(amount: money(1), vendor: "B")]).vendorKey
                == nil)
    }

    @Test(
        "Vendor names normalise punctuation, case and legal suffixes",
        arguments: [
            ("ACME Pte. Ltd.", "acme"), ("  Grab   Holdings Inc ", "grab holdings"), ("Ltd", "ltd"),
            ("Café Nero GmbH", "café nero"),
        ])
    func vendorNames(raw: String, key: String) {
        #expect(VendorName.normalise(raw) == key)
    }

    @Test("The verdict is the worst finding; no findings is green")
    func verdicts() {
        #expect(Verdict.worst(of: []) == .green)
        #expect(Verdict.worst(of: [.green, .red, .yellow]) == .red)
        let finding = { (v: Verdict) in Finding(.amountAboveNorm, severity: v, message: "m") }
        let check = Check(
            id: Identifier(UUID()), tenantID: Identifier(UUID()), submissionID: Identifier(UUID()),
            findings: [finding(.yellow), finding(.green)], checkedAt: Date())
        #expect(check.verdict == .yellow)
    }

    @Test("An invoice key joins the normalised vendor and invoice number")
    func invoiceKey() {
        #expect(
            InvoiceExtraction(contentHash: "h", vendor: "ACME Ltd", invoiceNumber: " inv-9 ").invoiceKey == "acme#INV-9"
        )
        #expect(InvoiceExtraction(contentHash: "h", vendor: "ACME").invoiceKey == nil)
        #expect(InvoiceExtraction(contentHash: "h", invoiceNumber: "1").invoiceKey == nil)
    }

    @Test("Learning widens the band and counts decisions; asking for info teaches nothing")
    func learning() {
        let start = Date(timeIntervalSince1970: 0)
        let pattern = LearnedPattern(
            id: Identifier(UUID()), tenantID: Identifier(UUID()), vendorKey: "grab", category: "transport",
            currency: sgd, lowerBound: 1000, upperBound: 2000, approvals: 1, rejections: 0, lastDecidedAt: start)
        let later = start.addingTimeInterval(60)
        let approved = pattern.learning(.approve, amount: money(2500), at: later)
        #expect(
            approved.upperBound == 2500 && approved.lowerBound == 1000 && approved.approvals == 2
                && approved.lastDecidedAt == later)
        let rejected = approved.learning(.reject, amount: money(500), at: later)
        #expect(rejected.lowerBound == 500 && rejected.rejections == 1)
        #expect(pattern.learning(.askForInfo, amount: money(9999), at: later) == pattern)
        #expect(pattern.learning(.approve, amount: money(9999, CurrencyCode("USD")!), at: later) == pattern)
        #expect(
            pattern.contains(money(1500)) && !pattern.contains(money(2001))
                && !pattern.contains(money(1500, CurrencyCode("USD")!)))
        #expect(
            LearnedPattern.isValidBand(lower: 0, upper: 0) && !LearnedPattern.isValidBand(lower: 5, upper: 4)
                && !LearnedPattern.isValidBand(lower: -1, upper: 4))
    }

    @Test("Policy defaults are valid and bad settings are each explained")
    func policy() {
        #expect(PolicySettings.defaults.problems.isEmpty)
        let bad = PolicySettings(
            categoryCaps: ["x": money(0)], submissionWindowDays: 0, totalToleranceBasisPoints: -1,
            anomalyYellowMultiple: 1, anomalyRedMultiple: 0.5, autoApproveAfterApprovals: 0)
        #expect(bad.problems.count == 6)
    }

    @Test(
        "History is kept forever by default, or 30 to 36500 days; a policy stored before the setting keeps it forever")
    func retention() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(
            PolicySettings.defaults.retentionDays == nil && PolicySettings.defaults.retentionCutoff(now: now) == nil)
        for (days, valid) in [(29, false), (30, true), (36_500, true), (36_501, false), (-1, false)] {
            #expect(PolicySettings(retentionDays: days).problems.isEmpty == valid, "\(days) days")
        }
        #expect(PolicySettings(retentionDays: 30).retentionCutoff(now: now) == now.addingTimeInterval(-30 * 86400))
        let stored = try JSONDecoder().decode(PolicySettings.self, from: Data(#"{"submissionWindowDays": 60}"#.utf8))
        #expect(stored.retentionDays == nil && stored.submissionWindowDays == 60)
        let kept = try JSONEncoder().encode(PolicySettings(retentionDays: 400))
        #expect(try JSONDecoder().decode(PolicySettings.self, from: kept).retentionDays == 400)
    }

    @Test("Final statuses end an approval; only approve and reject end a task")
    func statuses() {
        #expect(
            !SubmissionStatus.pending.isFinal && SubmissionStatus.approved.isFinal && SubmissionStatus.canceled.isFinal)
        #expect(Decision.Outcome.approve.isFinal && !Decision.Outcome.askForInfo.isFinal)
        #expect(FormFieldMapping(amount: "w1").isUsable && !FormFieldMapping(vendor: "w2").isUsable)
    }
}
