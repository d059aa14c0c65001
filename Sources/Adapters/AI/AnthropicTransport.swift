import Domain
import Foundation
public import Logging
import Ports

/// Calls to the Anthropic Messages API (libcurl) with the official SDKs' retry policy, under one
/// bound on calls in flight shared by every use of the transport (invoices and policies alike).
/// Logs the `request-id`, status and retries of every call; never a request's or answer's content.
public struct AnthropicTransport: Sendable {
    let http: any HTTPClient
    let configuration: AnthropicConfiguration
    let logger: Logger
    public let gate: RequestGate

    public init(http: any HTTPClient, configuration: AnthropicConfiguration, logger: Logger) {
        self.http = http
        self.configuration = configuration
        self.logger = logger
        self.gate = RequestGate(limit: configuration.maxConcurrentRequests)
    }

    /// A `POST /v1/messages` of `payload`, answered within `maxResponseBytes`.
    func request(_ payload: Data, maxResponseBytes: Int = 1 << 20) -> HTTPClientRequest {
        HTTPClientRequest(
            method: "POST", url: configuration.baseURL + "/v1/messages",
            headers: [
                ("x-api-key", configuration.apiKey.revealForOutboundUse()), ("anthropic-version", "2023-06-01"),
                ("content-type", "application/json"),
            ],
            body: payload, timeout: configuration.timeout, maxResponseBytes: maxResponseBytes)
    }

    /// The official SDKs' policy: retry connection errors, 408, 409, 429 and 5xx (529 included)
    /// unless `x-should-retry: false`, and anything with `x-should-retry: true`; wait for
    /// `retry-after-ms` / `retry-after` when given (up to 60 s), else capped exponential backoff
    /// with up to 25 % jitter. Each attempt holds a permit of the ``gate``; a 429 or 529 with a
    /// retry hint pauses every call, not only this one.
    func send(_ request: HTTPClientRequest) async throws(InvoiceReaderError) -> HTTPClientResponse {
        var retries = 0
        while true {
            var failure: InvoiceReaderError
            var wait: Duration?
            var retryable: Bool
            let attempt: Result<HTTPClientResponse, HTTPClientError>
            do {
                attempt = try await gate.withPermit { await Self.attempt(request, http: http) }
            } catch {
                throw InvoiceReaderError(.unavailable)  // cancelled while waiting its turn
            }
            switch attempt {
            case .success(let response):
                let requestID = response.headers["request-id"]
                log(response, requestID: requestID, retries: retries)
                if (200..<300).contains(response.status) { return response }
                failure = Self.error(status: response.status, body: response.body, requestID: requestID)
                let hint = response.headers["x-should-retry"]
                retryable = hint == "true" || (hint != "false" && Self.retryableStatuses(response.status))
                wait = Self.retryAfter(response.headers)
                if let wait, response.status == 429 || response.status == 529 { gate.pause(for: wait) }
            case .failure(let error):
                failure = InvoiceReaderError(error == .tooLarge ? .malformedResponse : .unavailable)
                retryable = error != .tooLarge
                logger.warning("anthropic call failed", metadata: ["error": "\(error)", "retries": "\(retries)"])
            }
            guard retryable, retries < configuration.maxRetries else { throw failure }
            let backoff =
                min(configuration.backoffCap, configuration.backoffBase * (1 << retries))
                * (1 - 0.25 * Double.random(in: 0..<1))
            try? await Task.sleep(for: wait ?? backoff)
            retries += 1
        }
    }

    private static func attempt(_ request: HTTPClientRequest, http: any HTTPClient) async -> Result<
        HTTPClientResponse, HTTPClientError
    > {
        do {
            return .success(try await http.send(request))
        } catch {
            return .failure(error)
        }
    }

    private func log(_ response: HTTPClientResponse, requestID: String?, retries: Int) {
        logger.info(
            "anthropic call",
            metadata: [
                "status": "\(response.status)", "request_id": "\(requestID ?? "-")", "retries": "\(retries)",
                "model": "\(configuration.model)",
            ])
    }

    static func retryableStatuses(_ status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || status >= 500
    }

    static func retryAfter(_ headers: [String: String]) -> Duration? {
        if let ms = headers["retry-after-ms"].flatMap(Double.init), ms > 0, ms <= 60_000 {
            return .milliseconds(Int(ms))
        }
        if let seconds = headers["retry-after"].flatMap(Double.init), seconds > 0, seconds <= 60 {
            return .milliseconds(Int(seconds * 1000))
        }
        return nil
    }

    static func error(status: Int, body: Data, requestID: String?) -> InvoiceReaderError {
        let type = ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]).flatMap {
            ($0["error"] as? [String: Any])?["type"] as? String
        }
        let kind: InvoiceReaderError.Kind
        switch (status, type) {
        case (413, _), (_, "request_too_large"): kind = .tooLarge
        case (400, _) where String(decoding: body, as: UTF8.self).contains("Could not process"): kind = .unreadable
        case (400..<500, _) where status != 408 && status != 409 && status != 429: kind = .rejected
        default: kind = .unavailable
        }
        return InvoiceReaderError(kind, status: status, requestID: requestID)
    }
}
