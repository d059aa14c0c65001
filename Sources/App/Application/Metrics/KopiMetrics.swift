public import CoreMetrics
public import Domain

/// Every metric Kopi records, made from one swift-metrics factory passed in (not the global
/// bootstrap, so each test has a registry of its own). Labels are closed sets of Kopi's own
/// words — outcomes, kinds, endpoints — never a tenant's data: no workspace, person, instance or
/// amount appears in a label.
public struct KopiMetrics: Sendable {
    let factory: any MetricsFactory
    /// The push instruments, made once: the webhook records two per push, and making one asks the
    /// factory (a lock and a lookup by label and dimensions) each time.
    private let pushCounters: [String: [PushOutcome: Counter]]
    private let pushTimers: [String: Timer]

    /// The webhook's two channels.
    static let pushChannels = ["events", "card"]

    public init(factory: any MetricsFactory) {
        self.factory = factory
        var counters: [String: [PushOutcome: Counter]] = [:]
        var timers: [String: Timer] = [:]
        for channel in Self.pushChannels {
            for outcome in PushOutcome.allCases {
                counters[channel, default: [:]][outcome] = Self.pushCounter(channel, outcome, factory)
            }
            timers[channel] = Self.pushTimer(channel, factory)
        }
        self.pushCounters = counters
        self.pushTimers = timers
    }

    /// Records nothing.
    public static let disabled = KopiMetrics(factory: NOOPMetricsHandler.instance)

    /// How a push ended at the webhook.
    public enum PushOutcome: String, Sendable, CaseIterable {
        case stored, duplicate, challenge, tap, unauthenticated, malformed
        case tooLarge = "too_large"
        case unsupportedMediaType = "unsupported_media_type"
        case unavailable
    }

    /// One push answered: counted by channel (`events`, `card`) and outcome, its time to the answer timed.
    public func push(channel: String, outcome: PushOutcome, ack: Duration) {
        (pushCounters[channel]?[outcome] ?? Self.pushCounter(channel, outcome, factory)).increment()
        (pushTimers[channel] ?? Self.pushTimer(channel, factory)).recordNanoseconds(ack.nanoseconds)
    }

    private static func pushCounter(_ channel: String, _ outcome: PushOutcome, _ factory: any MetricsFactory) -> Counter
    {
        Counter(
            label: "kopi_lark_pushes_total", dimensions: [("channel", channel), ("outcome", outcome.rawValue)],
            factory: factory)
    }

    private static func pushTimer(_ channel: String, _ factory: any MetricsFactory) -> Timer {
        Timer(label: "kopi_lark_push_ack_seconds", dimensions: [("channel", channel)], factory: factory)
    }

    /// A job finished an attempt: `outcome` is done, the state a failure left it in (queued,
    /// dead, done), or interrupted. `waited` is from when it was due to its claim.
    public func job(_ kind: Job.Kind, outcome: String, waited: Duration, ran: Duration) {
        Counter(
            label: "kopi_job_attempts_total", dimensions: [("kind", kind.rawValue), ("outcome", outcome)],
            factory: factory
        ).increment()
        Timer(label: "kopi_job_wait_seconds", dimensions: [("kind", kind.rawValue)], factory: factory)
            .recordNanoseconds(waited.nanoseconds)
        Timer(label: "kopi_job_run_seconds", dimensions: [("kind", kind.rawValue)], factory: factory)
            .recordNanoseconds(ran.nanoseconds)
    }

    /// Jobs now in the queue by kind and state; every pair is set, so a state that emptied reads 0.
    public func jobCounts(_ counts: [Job.Kind: [Job.State: Int]]) {
        for kind in Job.Kind.allCases {
            for state in Job.State.allCases {
                Meter(
                    label: "kopi_jobs", dimensions: [("kind", kind.rawValue), ("state", state.rawValue)],
                    factory: factory
                )
                .set(counts[kind]?[state] ?? 0)
            }
        }
    }

    /// One call to the AI: `outcome` is `ok` or the reader error's kind.
    public func aiCall(outcome: String, took: Duration) {
        Counter(label: "kopi_ai_calls_total", dimensions: [("outcome", outcome)], factory: factory).increment()
        Timer(label: "kopi_ai_call_seconds", dimensions: [("outcome", outcome)], factory: factory)
            .recordNanoseconds(took.nanoseconds)
    }

    /// One call to Lark's API (retries included): `endpoint` names the operation, `outcome` is
    /// `ok` or the Lark error's kind.
    public func larkCall(endpoint: String, outcome: String, took: Duration) {
        Counter(
            label: "kopi_lark_calls_total", dimensions: [("endpoint", endpoint), ("outcome", outcome)], factory: factory
        ).increment()
        Timer(label: "kopi_lark_call_seconds", dimensions: [("endpoint", endpoint)], factory: factory)
            .recordNanoseconds(took.nanoseconds)
    }

    /// A check card delivered to an approver, by its verdict.
    public func cardSent(_ verdict: Verdict) {
        Counter(label: "kopi_cards_sent_total", dimensions: [("verdict", verdict.rawValue)], factory: factory)
            .increment()
    }

    /// A card tap answered at the webhook, by the toast's tone.
    public func tapAnswered(tone: String) {
        Counter(label: "kopi_card_taps_total", dimensions: [("answer", tone)], factory: factory).increment()
    }

    /// A sign-in attempt: `method` is `magic_link` or `google`, `outcome` `success` or `failure`.
    public func signIn(method: String, succeeded: Bool) {
        Counter(
            label: "kopi_sign_ins_total",
            dimensions: [("method", method), ("outcome", succeeded ? "success" : "failure")],
            factory: factory
        ).increment()
    }

    /// A request refused by a rate limit: `limit` names which (`sign_in_link`, `invitation`,
    /// `google_start`, `mail_budget`…).
    public func rateLimited(_ limit: String) {
        Counter(label: "kopi_rate_limit_refusals_total", dimensions: [("limit", limit)], factory: factory).increment()
    }
}
