import Domain
import Foundation
import Testing

@Suite("Foreign currencies: rates, conversion, and caps and norms in other currencies")
struct CurrencyConversionTests {
    static let (sgd, usd, jpy, eur, kwd) = (
        CurrencyCode("SGD")!, CurrencyCode("USD")!, CurrencyCode("JPY")!, CurrencyCode("EUR")!, CurrencyCode("KWD")!
    )
    static let friday = RateDay("2026-11-20")!
    /// The ECB's euro rates of one day: units per euro.
    static let feed = ReferenceRates(
        day: friday, base: eur, perBase: [usd: d("1.0500"), sgd: d("1.4000"), jpy: d("160.00"), kwd: d("0.3240")])

    /// An exact decimal (a float literal would pass through Double).
    static func d(_ text: String) -> Decimal { Decimal(string: text)! }

    static func money(_ minor: Int64, _ currency: CurrencyCode) -> Money {
        Money(minorUnits: minor, currency: currency)
    }

    static func manual(_ from: CurrencyCode, _ to: CurrencyCode, _ rate: Decimal, _ day: String) -> ExchangeRate {
        ExchangeRate(from: from, to: to, rate: rate, day: RateDay(day)!, source: .manual)!
    }

    @Test("Days are real yyyy-MM-dd dates; a rate converts two different currencies at a positive rate")
    func shapes() {
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "20261120", "2026-11-31", ""] {
            #expect(RateDay(bad) == nil)
        }
        #expect(RateDay("2024-02-29") != nil && RateDay("2026-11-20")!.adding(days: 12).text == "2026-12-02")
        #expect(
            RateDay(try! Date("2026-11-20T18:00:00Z", strategy: .iso8601), in: TimeZone(identifier: "Asia/Singapore")!)
                .text == "2026-11-21")
        #expect(ExchangeRate(from: Self.sgd, to: Self.sgd, rate: 1, day: Self.friday, source: .manual) == nil)
        #expect(ExchangeRate(from: Self.sgd, to: Self.usd, rate: 0, day: Self.friday, source: .manual) == nil)
        for bad in ["", "1e3", "-1", "1,5", "1.", ".5x", "1.2.3"] {
            #expect(ExchangeRate.decimal(bad) == nil, "\(bad)")
        }
        #expect(ExchangeRate.decimal("1.0842") == Decimal(string: "1.0842"))
    }

    @Test("Conversion rounds half to even into the target's minor units, whatever their number")
    func rounding() {
        let table = RateTable(day: Self.friday, feed: Self.feed)
        // 120.50 SGD → USD at 1.05/1.40 = 0.75: 90.375 → 90.38 (half to even on the third digit: 90.375 → 90.38)
        #expect(table.convert(Self.money(12_050, Self.sgd), to: Self.usd)?.converted == Self.money(9_038, Self.usd))
        // 100.00 SGD → JPY: 100 × 160/1.4 = 11428.571… → 11429 JPY (no minor digits)
        #expect(table.convert(Self.money(10_000, Self.sgd), to: Self.jpy)?.converted == Self.money(11_429, Self.jpy))
        // 1000 JPY → KWD (three digits): 1000 × 0.324/160 = 2.025 KWD
        #expect(table.convert(Self.money(1_000, Self.jpy), to: Self.kwd)?.converted == Self.money(2_025, Self.kwd))
        // From the feed's own base.
        #expect(table.convert(Self.money(10_000, Self.eur), to: Self.sgd)?.converted == Self.money(14_000, Self.sgd))
        let half = RateTable(day: Self.friday, manual: [Self.manual(Self.usd, Self.sgd, Self.d("0.5"), "2026-11-01")])
        #expect(half.convert(Self.money(1, Self.usd), to: Self.sgd)?.converted.minorUnits == 0, "0.5 rounds to even 0")
        #expect(half.convert(Self.money(3, Self.usd), to: Self.sgd)?.converted.minorUnits == 2, "1.5 rounds to even 2")
    }

    @Test("A manual rate wins over the feed from its day on, either way round; the feed's last day reaches a week")
    func precedence() {
        let manual = Self.manual(Self.usd, Self.sgd, Self.d("1.35"), "2026-11-18")
        let table = RateTable(day: Self.friday, manual: [manual], feed: Self.feed)
        #expect(
            table.rate(from: Self.usd, to: Self.sgd)?.0 == Self.d("1.35")
                && table.rate(from: Self.usd, to: Self.sgd)?.2 == .manual)
        #expect(table.convert(Self.money(13_500, Self.sgd), to: Self.usd)?.converted == Self.money(10_000, Self.usd))
        let before = RateTable(day: RateDay("2026-11-17")!, manual: [manual], feed: nil)
        #expect(before.rate(from: Self.usd, to: Self.sgd) == nil, "a manual rate applies from its day")
        let sunday = RateTable(day: RateDay("2026-11-22")!, feed: Self.feed)
        #expect(
            sunday.convert(Self.money(100, Self.usd), to: Self.sgd)?.day == Self.friday, "the weekend uses Friday's")
        let late = RateTable(day: RateDay("2026-11-28")!, feed: Self.feed)
        #expect(late.convert(Self.money(100, Self.usd), to: Self.sgd) == nil, "a feed day over a week old is no rate")
        let unknown = RateTable(day: Self.friday, feed: Self.feed)
        #expect(unknown.convert(Self.money(100, CurrencyCode("THB")!), to: Self.sgd) == nil)
    }

    static func input(
        _ amount: Money, category: String = "meals", caps: [String: Money] = [:], base: CurrencyCode? = nil,
        history: [Int64]? = nil, rates: [RateTable] = []
    ) -> CheckInput {
        let submission = CheckEngineTests.submission([
            LineItem(amount: amount, date: CheckEngineTests.day("2026-11-20"), category: category, vendor: "Sushi Zen")
        ])
        return CheckInput(
            submission: submission, extractions: [],
            policy: PolicySettings(categoryCaps: caps, requireInvoice: false, baseCurrency: base),
            categoryHistory: history.map { [category: $0] } ?? [:], rates: ExchangeRateBook(rates),
            now: CheckEngineTests.now)
    }

    static func findings(_ input: CheckInput) -> [Finding] { CheckEngine().findings(for: input) }

    @Test("A cap in another currency applies at the expense day's rate and the finding shows both amounts")
    func capsAcrossCurrencies() throws {
        let cap = ["meals": Self.money(5_000, Self.sgd)]
        let table = RateTable(day: Self.friday, feed: Self.feed)
        // 6000 JPY ≈ 52.50 SGD: above the 50 SGD cap.
        let over = Self.findings(Self.input(Self.money(6_000, Self.jpy), caps: cap, rates: [table]))
        let finding = try #require(over.first { $0.code == .policyCapExceeded })
        #expect(finding.severity == .red && finding.message.contains("6000 JPY (52.50 SGD at the 2026-11-20 rate)"))
        #expect(
            finding.evidence.entries["converted"] == "52.50 SGD" && finding.evidence.entries["rate_day"] == "2026-11-20"
        )
        #expect(
            Self.findings(Self.input(Self.money(5_000, Self.jpy), caps: cap, rates: [table])).isEmpty,
            "43.75 SGD is fine")
        // Without a rate the cap is not silently skipped.
        let unknown = Self.findings(Self.input(Self.money(6_000, Self.jpy), caps: cap))
        #expect(unknown.map(\.code) == [.amountNotConverted] && unknown[0].severity == .yellow)
        #expect(
            unknown[0].message.contains("not converted to SGD")
                && unknown[0].message.contains("50.00 SGD cap for meals"))
    }

    @Test("With a base currency, norms compare the converted amount; without a rate the check says not converted")
    func normsInBase() throws {
        let history: [Int64] = [1_500, 1_600, 1_700, 1_800, 2_000]  // SGD
        let table = RateTable(day: Self.friday, feed: Self.feed)
        // 20000 JPY ≈ 175.00 SGD: about 10× the usual 17.00 SGD, red.
        let red = Self.findings(
            Self.input(Self.money(20_000, Self.jpy), base: Self.sgd, history: history, rates: [table]))
        let finding = try #require(red.first)
        #expect(
            finding.code == .amountFarAboveNorm
                && finding.message.contains("20000 JPY (175.00 SGD at the 2026-11-20 rate)"))
        #expect(finding.evidence.entries["median"] == "17.00 SGD")
        let unknown = Self.findings(Self.input(Self.money(20_000, Self.jpy), base: Self.sgd, history: history))
        #expect(unknown.map(\.code) == [.amountNotConverted] && unknown[0].message.contains("not converted to SGD"))
        // A base-currency claim needs no rate; the claim's base total is its own.
        let home = Self.input(Self.money(1_700, Self.sgd), base: Self.sgd, history: history)
        #expect(Self.findings(home).isEmpty && home.baseTotal == Self.money(1_700, Self.sgd))
        #expect(
            Self.input(Self.money(20_000, Self.jpy), base: Self.sgd, rates: [table]).baseTotal
                == Self.money(17_500, Self.sgd))
        #expect(Self.input(Self.money(20_000, Self.jpy), base: Self.sgd).baseTotal == nil)
        // Without a base currency each claim keeps its own currency, as before.
        #expect(Self.findings(Self.input(Self.money(20_000, Self.jpy))).isEmpty)
        #expect(
            CheckInput.daysNeedingRates(
                home.submission.lineItems, submittedAt: CheckEngineTests.now, policy: home.policy
            ).isEmpty)
    }
}
