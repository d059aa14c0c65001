import Domain
import Foundation
import Ports

struct InMemoryExchangeRateStore: ExchangeRateStore {
    let database: InMemoryDatabase
    let tenantID: TenantID

    func table(on day: RateDay) async throws -> RateTable {
        await database.read { [tenantID] tables in
            let reach = day.adding(days: -RateTable.feedReach)
            let feed = tables.referenceRates.filter { $0.key <= day && $0.key >= reach }.max { $0.key < $1.key }?.value
            return RateTable(day: day, manual: tables.manualRates[tenantID] ?? [], feed: feed)
        }
    }

    func manualRates() async throws -> [ExchangeRate] {
        await database.read { [tenantID] tables in
            (tables.manualRates[tenantID] ?? []).sorted {
                ($1.day.text, $0.from.code, $0.to.code) < ($0.day.text, $1.from.code, $1.to.code)
            }
        }
    }

    func setManualRate(_ rate: ExchangeRate, at: Date) async throws {
        await database.write { [tenantID] tables in
            tables.manualRates[tenantID, default: []].removeAll {
                $0.from == rate.from && $0.to == rate.to && $0.day == rate.day
            }
            tables.manualRates[tenantID, default: []].append(rate)
        }
    }

    func deleteManualRate(from: CurrencyCode, to: CurrencyCode, day: RateDay) async throws -> Bool {
        await database.write { [tenantID] tables in
            let before = tables.manualRates[tenantID]?.count ?? 0
            tables.manualRates[tenantID]?.removeAll { $0.from == from && $0.to == to && $0.day == day }
            return (tables.manualRates[tenantID]?.count ?? 0) < before
        }
    }
}

struct InMemoryReferenceRateStore: ReferenceRateStore {
    let database: InMemoryDatabase

    func save(_ days: [ReferenceRates], fetchedAt: Date) async throws {
        await database.write { tables in
            for day in days { tables.referenceRates[day.day] = day }
        }
    }

    func latestDay(onOrBefore day: RateDay) async throws -> RateDay? {
        await database.read { tables in tables.referenceRates.keys.filter { $0 <= day }.max() }
    }
}
