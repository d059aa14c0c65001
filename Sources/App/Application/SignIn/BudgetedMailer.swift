import Foundation
public import Ports

/// The process's outgoing mail, under one budget per hour whoever asks: however many addresses
/// or workspaces a sender rotates through, Kopi sends at most this much mail, so it can neither
/// be used to flood inboxes nor get its sending domain blocked. Over budget, a send throws
/// ``ApplicationError/rateLimited``.
public struct BudgetedMailer: Mailer {
    let base: any Mailer
    let limiter: RateLimiter
    let perHour: Int
    let clock: any WallClock
    let metrics: KopiMetrics

    public func send(_ message: MailMessage) async throws {
        guard limiter.allow("mail/all", limit: perHour, per: 3600, now: clock.now()) else {
            metrics.rateLimited("mail_budget")
            throw ApplicationError.rateLimited
        }
        try await base.send(message)
    }
}
