public import Domain
import Foundation

/// `KOPI_ANTHROPIC_API_KEY`, `KOPI_ANTHROPIC_BASE_URL`, `KOPI_ANTHROPIC_MODEL` and the client's limits.
public struct AnthropicConfiguration: Sendable {
    public var apiKey: Secret
    public var baseURL: String
    public var model: String
    public var maxTokens: Int
    public var timeout: Duration
    /// Retries after the first attempt (the official SDKs' default is 2).
    public var maxRetries: Int
    public var backoffBase: Duration
    public var backoffCap: Duration
    /// Calls in flight at once (`KOPI_AI_CONCURRENCY`); the rest wait their turn.
    public var maxConcurrentRequests: Int

    public init(
        apiKey: Secret, baseURL: String = "https://api.anthropic.com", model: String = "claude-sonnet-4-6",
        maxTokens: Int = 4096,
        timeout: Duration = .seconds(180), maxRetries: Int = 2, backoffBase: Duration = .milliseconds(500),
        backoffCap: Duration = .seconds(8), maxConcurrentRequests: Int = 4
    ) {
        self.apiKey = apiKey
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.maxTokens = maxTokens
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.maxConcurrentRequests = maxConcurrentRequests
    }
}
