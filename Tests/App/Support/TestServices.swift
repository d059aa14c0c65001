import Adapters
import Domain
import Foundation
import Logging
import Ports
import Synchronization

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

/// App services over a given storage, talking to a fake Lark at `larkBaseURL`.
enum TestServices {
    static let sealer = AESGCMSecretSealer(keyring: try! MasterKeyring(parsing: MasterKeyring.generateText()))

    static func make(
        storage: any Storage, larkBaseURL: String = "http://127.0.0.1:9", anthropicBaseURL: String? = nil,
        clock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "test"),
        mailer: any Mailer = CapturingMailer(),
        publicURL: URL = URL(string: "http://localhost:8080")!
    ) -> AppServices {
        let configuration = LarkGatewayConfiguration(
            baseURLOverride: larkBaseURL, downloadHosts: ["127.0.0.1"], maxAttempts: 3, backoffBase: .milliseconds(5),
            maxRateLimitWait: .seconds(2))
        let transport = anthropicBaseURL.map {
            AnthropicTransport(
                http: CurlHTTPClient(threads: 2),
                configuration: AnthropicConfiguration(
                    apiKey: Secret("sk-fake-key"), baseURL: $0, maxRetries: 1, backoffBase: .milliseconds(5)),
                logger: logger)
        }
        var services = AppServices(
            storage: storage,
            lark: CurlLarkGateway(
                http: CurlHTTPClient(threads: 4), configuration: configuration, clock: clock, logger: logger),
            invoiceReader: transport.map { AnthropicInvoiceReader(transport: $0) } ?? UnconfiguredInvoiceReader(),
            mailer: mailer,
            pushAuthenticator: LarkPushCrypto(clock: clock), clock: clock, randomness: SystemRandomness(),
            publicURL: publicURL, logger: logger)
        services.policyProposer = transport.map { AnthropicPolicyProposer(transport: $0) }
        services.documentText = PopplerTextReader()
        return services
    }
}

/// Keeps every message instead of sending it.
final class CapturingMailer: Mailer {
    let messages = Mutex<[MailMessage]>([])
    /// When set, every message is refused with this error (the mail server is down).
    let failure = Mutex<MailError?>(nil)

    func send(_ message: MailMessage) async throws {
        if let failure = failure.withLock({ $0 }) { throw failure }
        messages.withLock { $0.append(message) }
    }

    var sent: [MailMessage] { messages.withLock { $0 } }

    /// The token of the newest sign-in link sent to `email` (an invitation carries none).
    func token(for email: String) -> String? {
        sent.last { $0.to.value == email && $0.body.contains("#token=") }?.body.components(separatedBy: "#token=").last?
            .components(separatedBy: "\n").first
    }
}

/// A clock tests move by hand.
final class ManualClock: WallClock {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
