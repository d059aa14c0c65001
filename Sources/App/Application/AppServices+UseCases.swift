import Domain
import Ports

/// Each use case built from the services bag with only the ports it needs.
extension ReconciliationSweep {
    public init(services: AppServices) {
        self.init(storage: services.storage, lark: services.lark, runtime: services.runtime)
    }
}

extension RetentionSweep {
    public init(services: AppServices) {
        self.init(storage: services.storage, runtime: services.runtime)
    }
}

extension DeadLetterService {
    public init(services: AppServices) {
        self.init(storage: services.storage, runtime: services.runtime)
    }
}

extension MemberService {
    public init(services: AppServices) {
        self.init(
            storage: services.storage, mailer: services.mailer, rateLimiter: services.rateLimiter,
            runtime: services.runtime)
    }
}

extension FlowService {
    public init(services: AppServices) {
        self.init(
            storage: services.storage, lark: services.lark, runtime: services.runtime,
            watchedFlows: services.watchedFlows)
    }
}

extension RuleService {
    public init(services: AppServices) {
        self.init(storage: services.storage, runtime: services.runtime)
    }
}

extension LarkConnectionService {
    public init(services: AppServices) {
        self.init(
            storage: services.storage, lark: services.lark, runtime: services.runtime, pushKeys: services.pushKeys)
    }
}

extension ReportService {
    public init(services: AppServices) {
        self.init(storage: services.storage, runtime: services.runtime)
    }
}

extension ApprovalQueries {
    public init(services: AppServices) {
        self.init(storage: services.storage, clock: services.runtime.clock)
    }
}

extension CardActionProcessor {
    public init(services: AppServices) {
        self.init(storage: services.storage, lark: services.lark, runtime: services.runtime)
    }
}

extension AttachmentReader {
    public init(services: AppServices) {
        self.init(storage: services.storage, lark: services.lark, runtime: services.runtime)
    }
}

extension CardSynchroniser {
    public init(services: AppServices) {
        self.init(storage: services.storage, lark: services.lark, runtime: services.runtime)
    }
}

extension SubmissionProcessor {
    public init(services: AppServices) {
        self.init(storage: services.storage, lark: services.lark, readers: services.readers, runtime: services.runtime)
        rates = ExchangeRateService(services: services)
    }
}

extension SignInService {
    public init(services: AppServices) {
        self.init(
            storage: services.storage, mailer: services.mailer, rateLimiter: services.rateLimiter,
            runtime: services.runtime)
    }
}
extension Worker {
    public init(services: AppServices, name: String) {
        self.init(
            jobs: services.storage.jobs, runtime: services.runtime, processor: SubmissionProcessor(services: services),
            cardActions: CardActionProcessor(services: services), bell: services.bell, name: name,
            executor: services.storage.transactionExecutor)
    }
}

extension LarkPushIntake {
    public init(services: AppServices) {
        self.init(
            storage: services.storage, authenticator: services.pushAuthenticator, runtime: services.runtime,
            bell: services.bell, keys: services.pushKeys, watchedFlows: services.watchedFlows,
            recentEvents: services.recentEvents, groupCommit: services.intakeGroupCommit)
    }
}

extension PolicyService {
    public init(services: AppServices) {
        self.init(storage: services.storage, runtime: services.runtime)
    }
}

extension PersonalDataService {
    public init(services: AppServices) {
        self.init(storage: services.storage, runtime: services.runtime)
    }
}

extension WorkspaceDataService {
    public init(services: AppServices) {
        self.init(storage: services.storage, runtime: services.runtime)
    }
}

extension ReminderSweep {
    public init(services: AppServices) {
        self.init(storage: services.storage, lark: services.lark, runtime: services.runtime)
    }
}

extension ExchangeRateService {
    public init(services: AppServices) {
        self.init(
            storage: services.storage, feed: services.rateFeed, throttle: services.rateFeedThrottle,
            runtime: services.runtime)
    }
}
