public import Domain
public import Foundation

/// A workspace's exchange rates inside its transaction: the admin's manual rates, and the
/// tables checks read (manual rates with the cached reference feed).
public protocol ExchangeRateStore: Sendable {
    /// The rates in force on `day`: this workspace's manual rates set on or before it, and the
    /// cached feed's latest day within ``RateTable/feedReach`` days before it.
    func table(on day: RateDay) async throws -> RateTable
    /// Every manual rate, newest day first.
    func manualRates() async throws -> [ExchangeRate]
    /// Sets (or replaces) the manual rate of its pair and day.
    func setManualRate(_ rate: ExchangeRate, at: Date) async throws
    /// Removes the manual rate of a pair and day; false when there was none.
    func deleteManualRate(from: CurrencyCode, to: CurrencyCode, day: RateDay) async throws -> Bool
}

/// The reference feed's days, cached in the database for every workspace (public data).
public protocol ReferenceRateStore: Sendable {
    /// Stores days, replacing a day already held.
    func save(_ days: [ReferenceRates], fetchedAt: Date) async throws
    /// The latest cached day on or before `day`.
    func latestDay(onOrBefore day: RateDay) async throws -> RateDay?
}
