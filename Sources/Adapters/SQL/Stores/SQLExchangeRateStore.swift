import Domain
import Foundation
import Ports

/// A workspace's manual rates, and the rate tables its checks read (manual rates with the
/// cached reference feed, which belongs to no workspace).
struct SQLExchangeRateStore: ExchangeRateStore {
    let session: any SQLSession
    let tenantID: TenantID

    var id: String { tenantID.description }

    func table(on day: RateDay) async throws -> RateTable {
        let manual = try await session.query(
            "SELECT * FROM manual_rates WHERE tenant_id = $1 AND day <= $2", id, day.text
        ).map(manualRate(from:))
        let feedDay = try await session.first(
            "SELECT MAX(day) AS day FROM reference_rates WHERE day <= $1 AND day >= $2", day.text,
            day.adding(days: -RateTable.feedReach).text)
        var feed: ReferenceRates?
        if let latest = try feedDay?.optionalText("day").flatMap(RateDay.init) {
            let rows = try await session.query("SELECT * FROM reference_rates WHERE day = $1", latest.text)
            var perBase: [CurrencyCode: Decimal] = [:]
            var base: CurrencyCode?
            for row in rows {
                guard let currency = CurrencyCode(try row.text("currency")),
                    let rate = ExchangeRate.decimal(try row.text("rate"))
                else { throw StoreError.corrupt(what: "reference rate") }
                base = CurrencyCode(try row.text("base"))
                perBase[currency] = rate
            }
            if let base { feed = ReferenceRates(day: latest, base: base, perBase: perBase) }
        }
        return RateTable(day: day, manual: manual, feed: feed)
    }

    func manualRates() async throws -> [ExchangeRate] {
        try await session.query(
            "SELECT * FROM manual_rates WHERE tenant_id = $1 ORDER BY day DESC, from_currency, to_currency", id
        ).map(manualRate(from:))
    }

    func setManualRate(_ rate: ExchangeRate, at: Date) async throws {
        try await session.execute(
            """
            INSERT INTO manual_rates (tenant_id, from_currency, to_currency, day, rate, set_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tenant_id, from_currency, to_currency, day) DO UPDATE SET rate = excluded.rate,
              set_at = excluded.set_at
            """, id, rate.from.code, rate.to.code, rate.day.text, rate.rateText, SQLCoding.millis(at))
    }

    func deleteManualRate(from: CurrencyCode, to: CurrencyCode, day: RateDay) async throws -> Bool {
        try await session.execute(
            "DELETE FROM manual_rates WHERE tenant_id = $1 AND from_currency = $2 AND to_currency = $3 AND day = $4",
            id, from.code, to.code, day.text) > 0
    }

    private func manualRate(from row: SQLRow) throws -> ExchangeRate {
        guard let from = CurrencyCode(try row.text("from_currency")),
            let to = CurrencyCode(try row.text("to_currency")),
            let day = RateDay(try row.text("day")), let value = ExchangeRate.decimal(try row.text("rate")),
            let rate = ExchangeRate(from: from, to: to, rate: value, day: day, source: .manual)
        else { throw StoreError.corrupt(what: "manual rate") }
        return rate
    }
}

/// The reference feed's cached days.
struct SQLReferenceRateStore: ReferenceRateStore {
    let database: any SQLDatabase

    func save(_ days: [ReferenceRates], fetchedAt: Date) async throws {
        guard !days.isEmpty else { return }
        try await database.transaction { session in
            for day in days {
                try await session.execute("DELETE FROM reference_rates WHERE day = $1", day.day.text)
                for (currency, rate) in day.perBase.sorted(by: { $0.key.code < $1.key.code }) {
                    try await session.execute(
                        "INSERT INTO reference_rates (day, currency, base, rate, fetched_at) VALUES ($1, $2, $3, $4, $5)",
                        day.day.text, currency.code, day.base.code,
                        ExchangeRate.text(rate),
                        SQLCoding.millis(fetchedAt))
                }
            }
        }
    }

    func latestDay(onOrBefore day: RateDay) async throws -> RateDay? {
        try await database.transaction { session in
            try await session.first("SELECT MAX(day) AS day FROM reference_rates WHERE day <= $1", day.text)
        }.flatMap { try $0.optionalText("day") }.flatMap(RateDay.init)
    }
}
