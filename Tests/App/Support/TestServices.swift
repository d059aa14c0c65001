@testable import App
import Adapters
import Domain
import Foundation
import Logging
import Ports

/// App services over a given storage, talking to a fake Lark at `larkBaseURL`.
enum TestServices {
    static let sealer = AESGCMSecretSealer(keyring: try! MasterKeyring(parsing: MasterKeyring.generateText()))

    static func make(
        storage: any Storage, larkBaseURL: String = "http://127.0.0.1:9", anthropicBaseURL: String? = nil,
        clock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "test")
    ) -> AppServices {
        let configuration = LarkGatewayConfiguration(
            baseURLOverride: larkBaseURL, downloadHosts: ["127.0.0.1"], maxAttempts: 3, backoffBase: .milliseconds(5),
            maxRateLimitWait: .seconds(2))
        return AppServices(
            storage: storage,
            lark: CurlLarkGateway(http: CurlHTTPClient(threads: 4), configuration: configuration, clock: clock, logger: logger),
            invoiceReader: anthropicBaseURL.map {
                AnthropicInvoiceReader(
                    http: CurlHTTPClient(threads: 2),
                    configuration: AnthropicConfiguration(apiKey: Secret("sk-fake-key"), baseURL: $0, maxRetries: 1, backoffBase: .milliseconds(5)),
                    logger: logger)
            } ?? UnconfiguredInvoiceReader(),
            pushAuthenticator: LarkPushCrypto(clock: clock), clock: clock, randomness: SystemRandomness(),
            publicURL: URL(string: "http://localhost:8080")!, logger: logger)
    }
}
