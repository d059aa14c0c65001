import Domain
import Foundation
import Testing

@Suite("Check engine")
struct CheckEngineTests {
    static let sgd = CurrencyCode("SGD")!
    static let tenant = TenantID(UUID())
    static let now = try! Date("2026-11-25T12:00:00Z", strategy: .iso8601)  // a Wednesday

    static func money(_ minor: Int64, _ currency: CurrencyCode = sgd) -> Money {
        Money(minorUnits: minor, currency: currency)
    }
    static func day(_ text: String) -> Date { try! Date("\(text)T10:00:00Z", strategy: .iso8601) }

    static func submission(
        _ lines: [LineItem] = [
            LineItem(amount: money(12_000), date: day("2026-11-24"), category: "transport", vendor: "Grab Pte Ltd")
        ],
        attachments: [AttachmentFacts] = [
            AttachmentFacts(fileName: "r.pdf", mediaType: .pdf, size: 10, contentHash: "h1", outcome: .read)
        ],
        instance: String = "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0001", submittedAt: Date = now
    ) -> Submission {
        Submission(
            id: Identifier(UUID()), tenantID: tenant, flowID: Identifier(UUID()), instanceCode: instance,
            applicant: "ou_3cda9c969f737aaa05e6915dce306cb9",
            status: .pending, lineItems: lines, attachments: attachments, submittedAt: submittedAt,
            updatedAt: submittedAt)
    }

    static func extraction(
        total: Int64 = 12_000, vendor: String = "GRAB PTE. LTD.", currency: CurrencyCode = sgd,
        date: String = "2026-11-24", category: String? = "transport"
    ) -> InvoiceExtraction {
        InvoiceExtraction(
            contentHash: "h1", vendor: vendor, invoiceNumber: "INV-1", invoiceDate: day(date), currency: currency,
            total: Money(minorUnits: total, currency: currency), suggestedCategory: category)
    }

    func codes(_ input: CheckInput) -> [String] { CheckEngine().findings(for: input).map(\.code.rawValue) }

    @Test("A clean claim that matches its invoice has no findings and is green")
    func clean() {
        let input = CheckInput(submission: Self.submission(), extractions: [Self.extraction()], now: Self.now)
        #expect(CheckEngine().findings(for: input).isEmpty)
        #expect(Verdict.worst(of: CheckEngine().findings(for: input).map(\.severity)) == .green)
    }

    @Test("Amounts are judged against the median of the history: 3× yellow, 6× red, too little history nothing")
    func amounts() {
        let history: [String: [Int64]] = ["transport": [3_000, 4_000, 4_000, 4_500, 5_000, 90_000]]
        let yellow = CheckInput(
            submission: Self.submission([LineItem(amount: Self.money(15_000), category: "transport")]),
            categoryHistory: history, now: Self.now)
        let red = CheckInput(
            submission: Self.submission([LineItem(amount: Self.money(30_000), category: "transport")]),
            categoryHistory: history, now: Self.now)
        let normal = CheckInput(
            submission: Self.submission([LineItem(amount: Self.money(5_000), category: "transport")]),
            categoryHistory: history, now: Self.now)
        let sparse = CheckInput(
            submission: Self.submission([LineItem(amount: Self.money(99_000), category: "transport")]),
            categoryHistory: ["transport": [100, 100]], now: Self.now)
        #expect(codes(yellow).filter { $0.hasPrefix("amount") } == ["amount.above_norm"])
        #expect(codes(red).filter { $0.hasPrefix("amount") } == ["amount.far_above_norm"])
        #expect(codes(normal).filter { $0.hasPrefix("amount") }.isEmpty)
        #expect(codes(sparse).filter { $0.hasPrefix("amount") }.isEmpty)
        let finding = CheckEngine().findings(for: yellow).first { $0.dimension == .amount }
        #expect(
            finding?.evidence.entries["median"] == "42.50 SGD" && finding?.evidence.entries["category"] == "transport")
    }

    @Test("Dates: future is red; stale, invoice mismatch, weekend and month-end bulk are yellow when policy says so")
    func dates() {
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission([LineItem(amount: Self.money(1), date: Self.day("2026-11-27"))]),
                    now: Self.now)
            ).contains("date.future"))
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission([LineItem(amount: Self.money(1), date: Self.day("2026-07-01"))]),
                    now: Self.now)
            ).contains("date.stale"))
        let mismatch = CheckInput(
            submission: Self.submission(), extractions: [Self.extraction(date: "2026-11-10")], now: Self.now)
        #expect(codes(mismatch).contains("date.invoice_mismatch"))
        let saturday = Self.submission([LineItem(amount: Self.money(1), date: Self.day("2026-11-21"))])
        #expect(!codes(CheckInput(submission: saturday, now: Self.now)).contains("date.weekend"))
        #expect(
            codes(CheckInput(submission: saturday, policy: PolicySettings(flagWeekendExpenses: true), now: Self.now))
                .contains("date.weekend"))
        let bulk = Self.submission((0..<3).map { _ in LineItem(amount: Self.money(1), date: Self.day("2026-10-31")) })
        #expect(
            codes(CheckInput(submission: bulk, policy: PolicySettings(flagMonthEndBulk: true), now: Self.now)).contains(
                "date.month_end_bulk"))
        #expect(!codes(CheckInput(submission: bulk, now: Self.now)).contains("date.month_end_bulk"))
    }

    @Test("Weekends are judged in the tenant's time zone")
    func timeZones() {
        // 2026-11-20 20:00 UTC is Saturday 04:00 in Singapore.
        let late = Self.submission([
            LineItem(amount: Self.money(1), date: try! Date("2026-11-20T20:00:00Z", strategy: .iso8601))
        ])
        #expect(
            !codes(CheckInput(submission: late, policy: PolicySettings(flagWeekendExpenses: true), now: Self.now))
                .contains("date.weekend"))
        #expect(
            codes(
                CheckInput(
                    submission: late,
                    policy: PolicySettings(flagWeekendExpenses: true, timeZoneIdentifier: "Asia/Singapore"),
                    now: Self.now)
            ).contains("date.weekend"))
    }

    @Test("Invoices: missing, unreadable, not verified, totals, currency and vendor")
    func invoices() {
        #expect(codes(CheckInput(submission: Self.submission(attachments: []), now: Self.now)) == ["invoice.missing"])
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission(attachments: []), policy: PolicySettings(requireInvoice: false),
                    now: Self.now)
            ).isEmpty)
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission(attachments: []), extractions: [Self.extraction()], now: Self.now)
            ).isEmpty)
        let heic = AttachmentFacts(
            fileName: "IMG_1.HEIC", mediaType: nil, size: 10, contentHash: "x", outcome: .unsupportedType)
        let unread = AttachmentFacts(fileName: "r.pdf", mediaType: .pdf, size: 10, contentHash: "y", outcome: .notRead)
        #expect(
            codes(CheckInput(submission: Self.submission(attachments: [heic, unread]), now: Self.now)) == [
                "invoice.unreadable", "invoice.not_verified",
            ])
        #expect(
            codes(
                CheckInput(submission: Self.submission(), extractions: [Self.extraction(total: 10_000)], now: Self.now))
                == ["invoice.claim_exceeds_total"])
        #expect(
            codes(
                CheckInput(submission: Self.submission(), extractions: [Self.extraction(total: 14_000)], now: Self.now))
                == ["invoice.claim_below_total"])
        #expect(
            codes(
                CheckInput(submission: Self.submission(), extractions: [Self.extraction(total: 12_100)], now: Self.now)
            ).isEmpty, "within 1%")
        let usd = CheckInput(
            submission: Self.submission(), extractions: [Self.extraction(currency: CurrencyCode("USD")!)], now: Self.now
        )
        #expect(codes(usd) == ["invoice.currency_mismatch", "invoice.total_unreadable"])
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission(), extractions: [Self.extraction(vendor: "Comfort Taxi")], now: Self.now
                )) == ["invoice.vendor_mismatch"])
    }

    @Test("Duplicates: the same invoice elsewhere is red and named; a similar claim is yellow and named")
    func duplicates() {
        let submission = Self.submission()
        let match = InvoiceMatch(
            submissionID: Identifier(UUID()), instanceCode: "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0002", reason: .sameFile)
        let exact = CheckEngine().findings(for: CheckInput(submission: submission, sameInvoice: [match], now: Self.now))
        #expect(
            exact.map(\.code.rawValue) == ["invoice.duplicate"]
                && exact[0].evidence.entries["other_instance"] == "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0002"
                && exact[0].severity == .red)
        let similar = Self.submission(
            [LineItem(amount: Self.money(12_300), date: Self.day("2026-11-23"), vendor: "grab")],
            instance: "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0003", submittedAt: Self.now.addingTimeInterval(-3 * 86400))
        let far = Self.submission(
            [LineItem(amount: Self.money(12_000), vendor: "grab")], instance: "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0004",
            submittedAt: Self.now.addingTimeInterval(-30 * 86400))
        let other = Self.submission(
            [LineItem(amount: Self.money(50_000), vendor: "grab")], instance: "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0005")
        let near = CheckEngine().findings(
            for: CheckInput(
                submission: submission, recentVendorSubmissions: [similar, far, other, submission], now: Self.now))
        #expect(
            near.map(\.code.rawValue) == ["invoice.possible_duplicate"]
                && near[0].evidence.entries["other_instance"] == "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0003")
    }

    @Test("The near-total range a store pre-filters with holds every total the rule calls near, and little more")
    func nearTotalRange() throws {
        var generator = SystemRandomNumberGenerator()
        let small: [Int64] = (1...400).map { Int64($0) }
        let large: [Int64] = (0..<300).map { _ in Int64.random(in: 1...5_000_000_000, using: &generator) }
        var missed: [String] = []
        var tooWide: [String] = []
        for total in small + large {
            let range = try #require(CheckInput.nearTotals(to: total))
            let span: Int64 = max(3, total / 5)
            let step: Int64 = max(1, span / 200)
            var other = Swift.max(0, total - span)
            while other <= total + span {
                if CheckInput.isNearTotal(other, total) && !range.contains(other) {
                    missed.append("\(other) near \(total)")
                }
                other += step
            }
            for edge in [range.lowerBound - 1, range.upperBound + 1] where edge >= 0 {
                if CheckInput.isNearTotal(edge, total) { tooWide.append("\(edge) for \(total)") }
            }
        }
        #expect(missed.isEmpty)
        #expect(tooWide.isEmpty)
        #expect(CheckInput.nearTotals(to: 0) == nil && CheckInput.nearTotals(to: -500) == nil)
    }

    @Test(
        "Near-duplicates compare expense days in the policy's time zone: consecutive months are not one, adjacent days are"
    )
    func nearDuplicatesByExpenseDate() {
        let monthly = { (day: String, instance: String) in
            Self.submission(
                [LineItem(amount: Self.money(1_998), date: Self.day(day), vendor: "Netflix")], instance: instance,
                submittedAt: Self.now)
        }
        let november = monthly("2026-11-05", "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0006")
        func near(_ other: Submission, policy: PolicySettings = .defaults) -> [String] {
            CheckEngine().findings(
                for: CheckInput(submission: november, policy: policy, recentVendorSubmissions: [other], now: Self.now)
            )
            .filter { $0.code.rawValue == "invoice.possible_duplicate" }.map {
                $0.evidence.entries["other_instance"] ?? ""
            }
        }
        #expect(
            near(monthly("2026-10-05", "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0007")).isEmpty,
            "the same subscription a month earlier, claimed the same day")
        #expect(
            near(monthly("2026-11-04", "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0008")) == [
                "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0008"
            ])
        #expect(
            near(monthly("2026-11-05", "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0009")) == [
                "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F0009"
            ])
        #expect(near(monthly("2026-11-03", "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F000A")).isEmpty)
        // 17:30 UTC on the 3rd is 01:30 on the 4th in Singapore: adjacent there, not in UTC.
        let late = Self.submission(
            [
                LineItem(
                    amount: Self.money(1_998), date: try! Date("2026-11-03T17:30:00Z", strategy: .iso8601),
                    vendor: "Netflix")
            ], instance: "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F000B")
        #expect(near(late).isEmpty)
        #expect(
            near(late, policy: PolicySettings(timeZoneIdentifier: "Asia/Singapore")) == [
                "7D1BBE0E-1C3A-4C4B-9C0F-6E3B2A0F000B"
            ])
    }

    @Test("Policy: caps, prohibited and unapproved vendors, category mismatch")
    func policy() {
        let capped = PolicySettings(categoryCaps: ["transport": Self.money(10_000)])
        #expect(
            codes(CheckInput(submission: Self.submission(), policy: capped, now: Self.now)) == ["policy.cap_exceeded"])
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission(), policy: PolicySettings(prohibitedVendors: ["GRAB"]), now: Self.now))
                == ["policy.prohibited_vendor"])
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission(), policy: PolicySettings(approvedVendors: ["Comfort"]), now: Self.now))
                == ["policy.unapproved_vendor"])
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission(), policy: PolicySettings(approvedVendors: ["grab pte ltd"]),
                    now: Self.now)
            ).isEmpty)
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission(), extractions: [Self.extraction(category: "meals")], now: Self.now))
                == ["policy.category_mismatch"])
    }

    @Test(
        "Memory: a known band is green with its count, a learned rejection is red, other tenants' patterns count for nothing"
    )
    func memory() {
        func pattern(approvals: Int, rejections: Int, tenant: TenantID = Self.tenant) -> LearnedPattern {
            LearnedPattern(
                id: Identifier(UUID()), tenantID: tenant, vendorKey: "grab", category: "transport", currency: Self.sgd,
                lowerBound: 10_000, upperBound: 15_000, approvals: approvals, rejections: rejections,
                lastDecidedAt: Self.day("2026-11-01"))
        }
        let known = CheckEngine().findings(
            for: CheckInput(
                submission: Self.submission(), patterns: [pattern(approvals: 4, rejections: 0)], now: Self.now))
        #expect(known.map(\.code.rawValue) == ["memory.known_pattern"] && known[0].severity == .green)
        #expect(known[0].message.contains("Approved 4 times") && known[0].message.contains("2026-11-01"))
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission(), patterns: [pattern(approvals: 1, rejections: 3)], now: Self.now))
                == ["memory.learned_rejection"])
        #expect(
            codes(
                CheckInput(
                    submission: Self.submission(),
                    patterns: [pattern(approvals: 9, rejections: 0, tenant: Identifier(UUID()))], now: Self.now)
            ).isEmpty)
        let outside = Self.submission([LineItem(amount: Self.money(50_000), category: "transport", vendor: "Grab")])
        #expect(
            codes(CheckInput(submission: outside, patterns: [pattern(approvals: 4, rejections: 0)], now: Self.now))
                .isEmpty)
    }

    @Test("Multi-line claims are checked line by line, each finding naming its line")
    func lines() {
        let submission = Self.submission([
            LineItem(amount: Self.money(5_000), category: "meals", vendor: "Toast Box"),
            LineItem(amount: Self.money(25_000), category: "meals", vendor: "Casino"),
        ])
        let findings = CheckEngine().findings(
            for: CheckInput(
                submission: submission,
                policy: PolicySettings(
                    categoryCaps: ["meals": Self.money(10_000)], prohibitedVendors: ["casino"], requireInvoice: false),
                now: Self.now))
        #expect(findings.map(\.code.rawValue) == ["policy.cap_exceeded", "policy.prohibited_vendor"])
        #expect(findings.allSatisfy { $0.evidence.entries["line"] == "2" && $0.message.hasPrefix("Line 2: ") })
    }

    @Test("The same input always gives the same findings")
    func deterministic() {
        let input = CheckInput(
            submission: Self.submission(), extractions: [Self.extraction(total: 1)],
            policy: PolicySettings(flagWeekendExpenses: true),
            categoryHistory: ["transport": [1, 2, 3, 4, 5]], now: Self.now)
        #expect(CheckEngine().findings(for: input) == CheckEngine().findings(for: input))
    }

    @Test("Robust statistics: median and MAD ignore a wild outlier")
    func statistics() {
        let stats = RobustStatistics([10, 12, 11, 13, 1_000_000])
        #expect(stats?.median == 12 && stats?.mad == 1 && stats?.count == 5)
        #expect(RobustStatistics([4, 2])?.median == 3)
        #expect(RobustStatistics([]) == nil)
    }

    @Test("Stored policies missing newer settings still load, with defaults")
    func lenientPolicy() throws {
        let old = try JSONDecoder().decode(PolicySettings.self, from: Data(#"{"submissionWindowDays":30}"#.utf8))
        #expect(
            old.submissionWindowDays == 30 && old.timeZoneIdentifier == "UTC" && !old.flagMonthEndBulk
                && old.requireInvoice)
        #expect(
            PolicySettings(timeZoneIdentifier: "Mars/Olympus").problems == ["The time zone is not a known IANA name."])
    }
}
