public import Domain
import Foundation
public import Logging
public import Ports

/// ``InvoiceReader`` over the Anthropic Messages API (``AnthropicTransport``). Never logs the
/// file, the form summary or the answer.
public struct AnthropicInvoiceReader: InvoiceReader {
    let transport: AnthropicTransport
    var configuration: AnthropicConfiguration { transport.configuration }
    /// Shared by every call through this reader's transport: the bound on calls in flight and
    /// the pause a 429's `retry-after` asks of all of them.
    public var gate: RequestGate { transport.gate }

    public init(transport: AnthropicTransport) {
        self.transport = transport
    }

    public init(http: any HTTPClient, configuration: AnthropicConfiguration, logger: Logger) {
        self.init(transport: AnthropicTransport(http: http, configuration: configuration, logger: logger))
    }

    /// Anthropic's documented limit for one image, measured on its base64 text.
    static let maximumImageBase64Bytes = 5 << 20

    public func read(_ attachment: borrowing FetchedAttachment, formSummary: String?) async throws(InvoiceReaderError)
        -> InvoiceExtraction
    {
        guard let mediaType = attachment.mediaType else { throw InvoiceReaderError(.unreadable) }
        let base64 = attachment.withBytes { Data($0).base64EncodedString() }
        // Anthropic refuses an image over 5 MB of base64 with a 400; say so without the call.
        guard mediaType.isDocument || base64.utf8.count <= Self.maximumImageBase64Bytes else {
            throw InvoiceReaderError(.tooLarge)
        }
        let body = AnthropicRequest.body(
            model: configuration.model, maxTokens: configuration.maxTokens,
            block: AnthropicRequest.block(mediaType: mediaType, base64: base64),
            formSummary: formSummary)
        // JSONText, not JSONSerialization: the latter escapes the base64 document character by
        // character, which cost more CPU than the rest of a claim's processing.
        guard let payload = (try? JSONText.utf8(body)).map({ Data($0) }) else {
            throw InvoiceReaderError(.malformedResponse)
        }
        let response = try await transport.send(transport.request(payload))
        return try AnthropicResponse.extraction(
            from: response.body, contentHash: attachment.contentHash, requestID: response.headers["request-id"])
    }
}
