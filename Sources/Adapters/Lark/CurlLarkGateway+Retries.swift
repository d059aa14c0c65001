import Foundation
import Logging
import Ports

extension CurlLarkGateway {
    /// Runs `body` again for retryable failures: after the reset Lark names for a rate limit
    /// (giving up if that is too long), else after capped exponential backoff with jitter.
    func withRetries<Value>(path: String, _ body: () async throws(LarkError) -> Value) async throws(LarkError) -> Value
    {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch {
                guard error.isRetryable, attempt < configuration.maxAttempts else { throw error }
                let delay: Duration
                if error.kind == .rateLimited, let reset = error.retryAfter {
                    guard Duration.seconds(reset) <= configuration.maxRateLimitWait else { throw error }
                    delay = .milliseconds(Int(reset * 1000))
                } else {
                    let ceiling = configuration.backoffBase * (1 << min(attempt - 1, 10))
                    delay = ceiling / 2 + ceiling / 2 * Double.random(in: 0...1)
                }
                logger.info(
                    "retrying lark call", metadata: ["path": "\(path)", "error": "\(error)", "attempt": "\(attempt)"])
                try? await Task.sleep(for: delay)
                attempt += 1
            }
        }
    }
}
