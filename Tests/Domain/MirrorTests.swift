import Foundation
import Testing

@testable import Domain

/// Mirror in the domain: a quotation must be in the document word for word; an accepted rule
/// changes the policy and is cited by the findings it causes, while it stays as accepted.
@Suite("Mirror: the written policy as rules")
struct MirrorTests {
    static let tenant = TenantID(UUID())
    static let text = """
        Travel and Expense Policy 2026

        Meals are reimbursed up to SGD 50.00 per person per meal.
        A person may claim at most SGD 80.00 for meals on any one day.
        Expenses at casinos are never reimbursed, including the Marina Bay Sands casino.
        Receipts are required for any expense above SGD 25.00.
        Claims must be submitted within 30 days of the expense.
        餐费每人每餐不超过 50 新元。
        """
    static let document = PolicyDocument(
        id: PolicyDocumentID(UUID()), tenantID: tenant, name: "Policy", text: text, importedAt: Date())

    static func money(_ text: String, _ code: String = "SGD") -> Money {
        Money(decimal: text, currency: CurrencyCode(code)!)!
    }

    static func review(_ rule: PolicyRule?, _ quote: String) -> RuleProposal {
        RuleProposal.reviewed(
            RuleProposal.Draft(rule: rule, quote: quote), id: RuleProposalID(UUID()), document: document, at: Date())
    }

    @Test("A quotation counts only when it is in the document word for word; line breaks and typographic quotes aside")
    func quotations() {
        let doc = Self.document
        #expect(doc.contains("Meals are reimbursed up to SGD 50.00 per person per meal."))
        #expect(doc.contains("  Claims must be submitted\nwithin 30 days of the expense. "))
        #expect(doc.contains("餐费每人每餐不超过 50 新元。"))
        #expect(!doc.contains("Meals are reimbursed up to SGD 60.00 per person per meal."), "a changed figure")
        #expect(!doc.contains("Meals are paid up to SGD 50.00 per person per meal."), "a paraphrase")
        #expect(!doc.contains("meals are reimbursed up to sgd 50.00 per person per meal."), "case matters")
        #expect(!doc.contains(""), "nothing is not a quotation")
        let curly = PolicyDocument(
            id: PolicyDocumentID(UUID()), tenantID: Self.tenant, name: "p", text: "Use the “approved” list.",
            importedAt: Date())
        #expect(curly.contains("Use the \"approved\" list."))
    }

    @Test(
        "A proposal quoting a sentence the policy does not contain is refused, however good its rule; so is a rule Kopi cannot apply"
    )
    func review() {
        let cap = PolicyRule.categoryCap(category: "meals", cap: Self.money("50.00"))
        #expect(Self.review(cap, "Meals are reimbursed up to SGD 50.00 per person per meal.").status == .proposed)
        #expect(
            Self.review(cap, "Meals are reimbursed up to SGD 500.00 per person per meal.").status
                == .refused(.quoteNotInDocument), "an invented citation")
        #expect(
            Self.review(cap, "Lunch is free on Fridays.").status == .refused(.quoteNotInDocument))
        #expect(
            Self.review(nil, "Claims must be submitted within 30 days of the expense.").status
                == .refused(.unusableRule))
        #expect(
            Self.review(.submissionWindow(days: 0), "Claims must be submitted within 30 days of the expense.").status
                == .refused(.unusableRule))
        #expect(
            Self.review(.prohibitedVendor("  "), "Expenses at casinos are never reimbursed").status
                == .refused(.unusableRule))
        let long = Self.review(cap, String(repeating: "x", count: 5000))
        #expect(long.quote.count == RuleProposal.maximumQuoteCharacters && long.status == .refused(.quoteNotInDocument))
    }

    @Test(
        "Accepting a rule changes the policy and keeps its sentence; a rule changed by hand since is no longer quoted")
    func apply() {
        var policy = PolicySettings()
        let quote = "Meals are reimbursed up to SGD 50.00 per person per meal."
        PolicyRule.categoryCap(category: "Meals", cap: Self.money("50.00")).apply(to: &policy, quote: quote)
        #expect(policy.categoryCaps["meals"] == Self.money("50.00"))
        #expect(policy.citation(PolicyCitation.cap("meals")) == quote)
        policy.categoryCaps["meals"] = Self.money("55.00")
        #expect(policy.citation(PolicyCitation.cap("meals")) == nil, "the sentence no longer says what is applied")

        PolicyRule.invoiceRequiredAbove(Self.money("25.00")).apply(to: &policy, quote: "Receipts are required")
        #expect(!policy.requireInvoice && policy.invoiceRequiredAbove == Self.money("25.00"))
        PolicyRule.prohibitedVendor("Marina Bay Sands Casino Pte Ltd").apply(to: &policy, quote: "casinos")
        #expect(policy.prohibitedVendors.contains("marina bay sands casino"))
        #expect(policy.citation(PolicyCitation.prohibited("MARINA BAY SANDS CASINO")) == "casinos")
        PolicyRule.submissionWindow(days: 30).apply(to: &policy, quote: "within 30 days")
        PolicyRule.dailyCap(category: "meals", cap: Self.money("80.00")).apply(to: &policy, quote: "one day")
        PolicyRule.weekendExpensesFlagged.apply(to: &policy, quote: "weekends")
        PolicyRule.monthEndBulkFlagged.apply(to: &policy, quote: "month end")
        PolicyRule.approvedVendor("Grab").apply(to: &policy, quote: "Grab only")
        #expect(policy.submissionWindowDays == 30 && policy.dailyCaps["meals"] == Self.money("80.00"))
        #expect(policy.flagWeekendExpenses && policy.flagMonthEndBulk && policy.approvedVendors == ["grab"])
        #expect(policy.problems.isEmpty)
        for (key, cited) in policy.citations where key != PolicyCitation.cap("meals") {
            #expect(cited.rule.isInForce(in: policy), "\(key)")
        }
    }

    @Test("Every kind of rule survives storage as JSON, and a stored policy keeps its citations")
    func coding() throws {
        let rules: [PolicyRule] = [
            .categoryCap(category: "meals", cap: Self.money("50.00")),
            .dailyCap(category: "meals", cap: Self.money("80")),
            .prohibitedVendor("Casino"), .approvedVendor("Grab"), .invoiceRequiredAbove(Self.money("0")),
            .submissionWindow(days: 30), .weekendExpensesFlagged, .monthEndBulkFlagged,
        ]
        #expect(Set(rules.map(\.kind)) == Set(PolicyRule.Kind.allCases))
        for rule in rules {
            #expect(try JSONDecoder().decode(PolicyRule.self, from: try JSONEncoder().encode(rule)) == rule)
        }
        var policy = PolicySettings()
        for rule in rules { rule.apply(to: &policy, quote: "q \(rule.kind.rawValue)") }
        let stored = try JSONDecoder().decode(PolicySettings.self, from: try JSONEncoder().encode(policy))
        #expect(stored == policy && stored.citations.count == rules.count)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PolicyRule.self, from: Data(#"{"kind":"category_cap","category":"meals"}"#.utf8))
        }
    }

    static func claim(_ lines: [(String, String, String)], attachments: Bool = true) -> Submission {
        let calendar = Calendar(identifier: .gregorian)
        return Submission(
            id: SubmissionID(UUID()), tenantID: tenant, flowID: FlowID(UUID()),
            instanceCode: "A1B2C3D4-0000-0000-0000-00000000000A", applicant: "ou_7d8a6e6df7621556ce0d21922b676706",
            status: .pending,
            lineItems: lines.map { category, amount, day in
                LineItem(
                    amount: money(amount), date: ISO8601DateFormatter().date(from: day + "T12:00:00Z"),
                    category: category, vendor: "Din Tai Fung")
            },
            attachments: attachments
                ? [AttachmentFacts(fileName: "r.pdf", mediaType: .pdf, size: 10, contentHash: "h", outcome: .read)]
                : [],
            submittedAt: calendar.date(from: DateComponents(year: 2026, month: 11, day: 21, hour: 12))!,
            updatedAt: Date())
    }

    @Test(
        "Findings from an accepted rule quote its sentence: a cap, a daily cap over two lines of a day, an invoice needed above an amount"
    )
    func citedFindings() throws {
        var policy = PolicySettings(timeZoneIdentifier: "UTC")
        PolicyRule.categoryCap(category: "meals", cap: Self.money("50.00")).apply(to: &policy, quote: "cap sentence")
        PolicyRule.dailyCap(category: "meals", cap: Self.money("80.00")).apply(to: &policy, quote: "daily sentence")
        PolicyRule.invoiceRequiredAbove(Self.money("25.00")).apply(to: &policy, quote: "receipt sentence")
        let engine = CheckEngine()
        func findings(_ submission: Submission) -> [Finding] {
            engine.findings(
                for: CheckInput(submission: submission, extractions: [], policy: policy, now: submission.submittedAt))
        }
        let lunchAndDinner = findings(
            Self.claim([
                ("meals", "45.00", "2026-11-20"), ("meals", "48.00", "2026-11-20"), ("meals", "60.00", "2026-11-19"),
            ]))
        let daily = try #require(lunchAndDinner.first { $0.code == .policyDailyCapExceeded })
        #expect(daily.severity == .red && daily.evidence.claimed == Self.money("93.00"))
        #expect(daily.evidence.expenseDate == "2026-11-20" && daily.evidence.lines == 2)
        #expect(daily.evidence.policyQuote == "daily sentence")
        #expect(lunchAndDinner.filter { $0.code == .policyDailyCapExceeded }.count == 1, "the 19th's 60.00 is under 80")
        let cap = try #require(lunchAndDinner.first { $0.code == .policyCapExceeded })
        #expect(cap.evidence.policyQuote == "cap sentence" && cap.evidence.line == 3)

        let noReceipt = findings(Self.claim([("taxi", "30.00", "2026-11-20")], attachments: false))
        let missing = try #require(noReceipt.first { $0.code == .invoiceMissing })
        #expect(missing.evidence.cap == Self.money("25.00") && missing.evidence.policyQuote == "receipt sentence")
        #expect(
            !findings(Self.claim([("taxi", "20.00", "2026-11-20")], attachments: false)).contains {
                $0.code == .invoiceMissing
            }, "below the amount no invoice is needed")

        policy.categoryCaps["meals"] = Self.money("55.00")
        let changed = findings(Self.claim([("meals", "60.00", "2026-11-19")]))
        #expect(changed.first { $0.code == .policyCapExceeded }?.evidence.policyQuote == nil)
    }

    @Test(
        "The daily cap sums a person's open and approved claims of the day, not rejected ones, other days or other people"
    )
    func dailyCapAcrossClaims() throws {
        var policy = PolicySettings(timeZoneIdentifier: "UTC")
        PolicyRule.dailyCap(category: "meals", cap: Self.money("80.00")).apply(to: &policy, quote: "daily sentence")
        let lunch = Self.claim([("meals", "45.00", "2026-11-20")])
        func other(_ amount: String, _ day: String, status: SubmissionStatus = .pending, applicant: String? = nil)
            -> Submission
        {
            let base = Self.claim([("meals", amount, day)])
            return Submission(
                id: base.id, tenantID: base.tenantID, flowID: base.flowID,
                instanceCode: "A1B2C3D4-0000-0000-0000-00000000000B", applicant: applicant ?? lunch.applicant,
                status: status, lineItems: base.lineItems, attachments: [], submittedAt: base.submittedAt,
                updatedAt: base.updatedAt)
        }
        func daily(_ others: [Submission]) -> Finding? {
            CheckEngine().findings(
                for: CheckInput(
                    submission: lunch, policy: policy, applicantClaims: others + [lunch], now: lunch.submittedAt)
            ).first { $0.code == .policyDailyCapExceeded }
        }
        let dinner = try #require(daily([other("40.00", "2026-11-20")]))
        #expect(dinner.evidence.claimed == Self.money("85.00") && dinner.evidence.lines == 2)
        #expect(daily([other("40.00", "2026-11-20", status: .approved)]) != nil)
        #expect(daily([other("40.00", "2026-11-20", status: .rejected)]) == nil, "a rejected claim does not count")
        #expect(daily([other("40.00", "2026-11-19")]) == nil, "another day")
        #expect(daily([other("40.00", "2026-11-20", applicant: "ou_0000000000000000000000000000beef")]) == nil)
    }
}
