public import Domain
public import Foundation
import Logging
import Ports

/// Exchange rates for checks and for admins. Before a claim is recorded, ``prepare(days:)``
/// makes sure the reference feed's rates for its days are cached in the database (fetched
/// outside any transaction, throttled); inside the record transaction the check reads them with
/// the workspace's manual rates. Admins list, set and remove manual rates (audited).
public struct ExchangeRateService: Sendable {
    let storage: any Storage
    let feed: (any ReferenceRateFeed)?
    let throttle: RateFeedThrottle
    let runtime: Runtime

    /// A feed day this close before an expense's day is the rate for it (weekends, holidays).
    static let coveredWithin = 4

    /// Fetches the feed when a day (not in the future) has no cached day close enough before
    /// it. A feed that cannot be read is logged and leaves the days unconverted, never fails a
    /// claim.
    public func prepare(days: Set<RateDay>) async {
        guard let feed, !days.isEmpty else { return }
        let now = runtime.clock.now()
        let tomorrow = RateDay(now, in: TimeZone(identifier: "UTC")!).adding(days: 1)
        var missing = false
        for day in days where day <= tomorrow {
            let latest = try? await storage.referenceRates.latestDay(onOrBefore: day)
            if latest.map({ $0 < day.adding(days: -Self.coveredWithin) }) ?? true {
                missing = true
                break
            }
        }
        guard missing, throttle.take(now: now) else { return }
        do {
            let fetched = try await feed.recentDays()
            try await storage.referenceRates.save(fetched, fetchedAt: now)
            throttle.settle(succeeded: true, now: now)
            runtime.logger.info(
                "reference rates fetched",
                metadata: ["days": "\(fetched.count)", "latest": "\(fetched.first?.day.text ?? "-")"])
        } catch {
            throttle.settle(succeeded: false, now: now)
            runtime.logger.warning("reference rates not fetched", metadata: ["error": "\(error)"])
        }
    }

    /// The days a claim's lines are converted at.
    public static func days(of lines: [LineItem], submittedAt: Date, policy: PolicySettings) -> Set<RateDay> {
        Set(lines.map { policy.rateDay($0.date ?? submittedAt) })
    }

    public func manualRates(_ caller: Caller) async throws -> [ExchangeRate] {
        try await storage.withTenant(caller.tenantID) { try await $0.rates.manualRates() }
    }

    /// Sets the rate of `from` → `to` from `day` (a day ahead sets a rate in advance, e.g. next
    /// month's budget rate). Refused: the same currency twice, a rate that is not a positive
    /// decimal below a billion.
    public func setManualRate(
        _ caller: Caller, from: String, to: String, rate: String, day: String
    ) async throws -> ExchangeRate {
        try caller.require(.admin)
        guard let fromCode = CurrencyCode(from), let toCode = CurrencyCode(to) else {
            throw ApplicationError(
                .invalidInput, code: "invalid_currency", message: "Currencies are three-letter ISO 4217 codes.")
        }
        guard let value = ExchangeRate.decimal(rate) else {
            throw ApplicationError(
                .invalidInput, code: "invalid_rate", message: "The rate is a decimal number such as 1.3542.")
        }
        guard let rateDay = RateDay(day) else {
            throw ApplicationError(.invalidInput, code: "invalid_day", message: "The day is a date such as 2026-11-30.")
        }
        let now = runtime.clock.now()
        guard let exchange = ExchangeRate(from: fromCode, to: toCode, rate: value, day: rateDay, source: .manual) else {
            throw ApplicationError(
                .invalidInput, code: "invalid_rate",
                message: "A rate converts between two different currencies and is above 0 and below 1,000,000,000.")
        }
        try await storage.withTenant(caller.tenantID) { [runtime] scope in
            try await scope.rates.setManualRate(exchange, at: now)
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil, at: now,
                    actor: caller.user.email.value, action: .exchangeRateSet,
                    detail: [
                        "from": fromCode.code, "to": toCode.code, "rate": exchange.rateText, "day": rateDay.text,
                    ]))
        }
        return exchange
    }

    public func removeManualRate(_ caller: Caller, from: String, to: String, day: String) async throws {
        try caller.require(.admin)
        guard let fromCode = CurrencyCode(from), let toCode = CurrencyCode(to), let rateDay = RateDay(day) else {
            throw ApplicationError.notFound
        }
        let now = runtime.clock.now()
        try await storage.withTenant(caller.tenantID) { [runtime] scope in
            guard try await scope.rates.deleteManualRate(from: fromCode, to: toCode, day: rateDay) else {
                throw ApplicationError.notFound
            }
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil, at: now,
                    actor: caller.user.email.value, action: .exchangeRateRemoved,
                    detail: ["from": fromCode.code, "to": toCode.code, "day": rateDay.text]))
        }
    }
}
