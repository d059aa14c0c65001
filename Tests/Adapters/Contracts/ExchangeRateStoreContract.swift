import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("ExchangeRateStore and ReferenceRateStore contract")
struct ExchangeRateStoreContract {
    static let (sgd, usd, jpy, eur) = (
        CurrencyCode("SGD")!, CurrencyCode("USD")!, CurrencyCode("JPY")!, CurrencyCode("EUR")!
    )

    /// An exact decimal (a float literal would pass through Double).
    static func d(_ text: String) -> Decimal { Decimal(string: text)! }

    static func feedDay(_ day: String, usd: Decimal = d("1.05"), sgd: Decimal = d("1.40")) -> ReferenceRates {
        ReferenceRates(day: RateDay(day)!, base: eur, perBase: [Self.usd: usd, Self.sgd: sgd])
    }

    @Test(
        "Manual rates are set, replaced, listed and removed per workspace; a table holds those in force and the feed's latest day within a week",
        arguments: StoreKind.allCases)
    func rates(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            try await test.storage.referenceRates.save(
                [Self.feedDay("2026-11-20"), Self.feedDay("2026-11-13", usd: Self.d("1.10"))], fetchedAt: Fixtures.epoch
            )
            #expect(
                try await test.storage.referenceRates.latestDay(onOrBefore: RateDay("2026-11-22")!)?.text
                    == "2026-11-20")
            #expect(try await test.storage.referenceRates.latestDay(onOrBefore: RateDay("2026-11-01")!) == nil)
            let first = ExchangeRate(
                from: Self.usd, to: Self.sgd, rate: Self.d("1.31"), day: RateDay("2026-11-10")!, source: .manual)!
            let replaced = ExchangeRate(
                from: Self.usd, to: Self.sgd, rate: Self.d("1.3542"), day: RateDay("2026-11-10")!, source: .manual)!
            let later = ExchangeRate(
                from: Self.jpy, to: Self.sgd, rate: Self.d("0.0087"), day: RateDay("2026-11-18")!, source: .manual)!
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.rates.setManualRate(first, at: Fixtures.epoch)
                try await scope.rates.setManualRate(replaced, at: Fixtures.epoch)
                try await scope.rates.setManualRate(later, at: Fixtures.epoch)
                #expect(try await scope.rates.manualRates() == [later, replaced])
                let friday = try await scope.rates.table(on: RateDay("2026-11-20")!)
                #expect(friday.manual.count == 2 && friday.feed?.day.text == "2026-11-20")
                #expect(friday.rate(from: Self.usd, to: Self.sgd)?.0 == Decimal(string: "1.3542"))
                let sunday = try await scope.rates.table(on: RateDay("2026-11-15")!)
                #expect(sunday.feed?.day.text == "2026-11-13" && sunday.manual == [replaced])
                #expect(sunday.feed?.perBase[Self.usd] == Decimal(string: "1.1"))
                let far = try await scope.rates.table(on: RateDay("2026-12-05")!)
                #expect(far.feed == nil, "the feed's last day is over a week before")
            }
            try await test.storage.withTenant(other.id) { scope async throws in
                #expect(try await scope.rates.manualRates().isEmpty)
                #expect(try await scope.rates.table(on: RateDay("2026-11-20")!).manual.isEmpty)
                #expect(
                    try await !scope.rates.deleteManualRate(from: Self.usd, to: Self.sgd, day: RateDay("2026-11-10")!))
            }
            try await test.storage.withTenant(tenant.id) { scope async throws in
                #expect(
                    try await scope.rates.deleteManualRate(from: Self.usd, to: Self.sgd, day: RateDay("2026-11-10")!))
                #expect(try await scope.rates.manualRates() == [later])
            }
            // A day fetched again replaces the cached one.
            try await test.storage.referenceRates.save(
                [Self.feedDay("2026-11-20", usd: Self.d("1.07"))], fetchedAt: Fixtures.epoch)
            let refreshed = try await test.storage.withTenant(tenant.id) {
                try await $0.rates.table(on: RateDay("2026-11-20")!)
            }
            #expect(refreshed.feed?.perBase[Self.usd] == Decimal(string: "1.07"))
        }
    }

    @Test(
        "History and totals use a claim's base total when its check converted it, else its own total in its own currency",
        arguments: StoreKind.allCases)
    func baseTotals(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            var converted = Fixtures.submission(tenant.id, flow: flow.id, at: 10)
            converted.lineItems[0] = LineItem(
                amount: Money(minorUnits: 20_000, currency: Self.jpy), category: "transport")
            converted.baseTotal = Money(minorUnits: 17_500, currency: Self.sgd)
            var unconverted = Fixtures.submission(tenant.id, flow: flow.id, at: 20)
            unconverted.lineItems[0] = LineItem(
                amount: Money(minorUnits: 9_000, currency: Self.jpy), category: "transport")
            let home = Fixtures.submission(tenant.id, flow: flow.id, amount: "12.00", at: 30)
            try await test.storage.withTenant(tenant.id) { [converted, unconverted] scope async throws in
                try await scope.approvals.saveFlow(flow)
                for claim in [converted, unconverted, home] { try await scope.approvals.saveSubmission(claim) }
                let inSGD = try await scope.approvals.amountHistory(
                    category: "transport", vendorKey: nil, currency: Self.sgd, excluding: nil, limit: 10)
                #expect(inSGD == [1_200, 17_500])
                let inJPY = try await scope.approvals.amountHistory(
                    category: "transport", vendorKey: nil, currency: Self.jpy, excluding: nil, limit: 10)
                #expect(inJPY == [9_000])
                let totals = try await scope.approvals.claimedTotals(from: Fixtures.time(0), to: Fixtures.time(100))
                #expect(
                    totals == [
                        CurrencyTotal(total: Money(minorUnits: 9_000, currency: Self.jpy), claims: 1),
                        CurrencyTotal(total: Money(minorUnits: 18_700, currency: Self.sgd), claims: 2),
                    ])
                #expect(totals == CurrencyTotal.totals(of: [converted, unconverted, home]))
                // One currency in the period (read without grouping), through a base total or not; none.
                #expect(
                    try await scope.approvals.claimedTotals(from: Fixtures.time(0), to: Fixtures.time(15))
                        == [CurrencyTotal(total: Money(minorUnits: 17_500, currency: Self.sgd), claims: 1)])
                let homeOnly = try await scope.approvals.claimedTotals(
                    from: Fixtures.time(25), to: Fixtures.time(100))
                #expect(homeOnly == [CurrencyTotal(total: Money(minorUnits: 1_200, currency: Self.sgd), claims: 1)])
                #expect(try await scope.approvals.claimedTotals(from: Fixtures.time(40), to: Fixtures.time(100)) == [])
                #expect(try await scope.approvals.submission(converted.id)?.baseTotal == converted.baseTotal)
            }
        }
    }
}
