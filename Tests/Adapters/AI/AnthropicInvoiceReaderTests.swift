import Adapters
import Domain
import Fakes
import Foundation
import Logging
import Ports
import Synchronization
import Testing

@Suite("Anthropic invoice reader, against the fake Anthropic")
struct AnthropicInvoiceReaderTests {
    static let pdf = Array("%PDF-1.7\nCANARY-INVOICE-CONTENT".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4]

    struct Fixture {
        let server: FakeAnthropicServer
        let reader: AnthropicInvoiceReader
        let logs: LogCapture
    }

    static func start(
        key: String = "sk-fake-key", model: String = "claude-sonnet-4-6", maxRetries: Int = 2,
        timeout: Duration = .seconds(5), concurrency: Int = 4, threads: Int = 2
    ) async throws -> Fixture {
        let server = try await FakeAnthropicServer.start()
        let logs = LogCapture()
        let configuration = AnthropicConfiguration(
            apiKey: Secret(key), baseURL: server.baseURL, model: model, timeout: timeout, maxRetries: maxRetries,
            backoffBase: .milliseconds(5), backoffCap: .milliseconds(20), maxConcurrentRequests: concurrency)
        let reader = AnthropicInvoiceReader(
            http: CurlHTTPClient(threads: threads), configuration: configuration, logger: logs.logger(label: "ai"))
        return Fixture(server: server, reader: reader, logs: logs)
    }

    static func attachment(_ bytes: [UInt8] = pdf) -> FetchedAttachment {
        FetchedAttachment(
            reference: AttachmentReference(fileName: "invoice.pdf", url: "https://x/invoice.pdf"), bytes: bytes,
            contentHash: "hash-1")
    }

    @Test("A PDF goes as a document block and comes back as typed facts")
    func pdfExtraction() async throws {
        let fixture = try await Self.start()
        defer { Task { await fixture.server.stop() } }
        let extraction = try await fixture.reader.read(Self.attachment(), formSummary: "claimed 120.50 SGD")
        let sgd = CurrencyCode("SGD")!
        #expect(
            extraction.contentHash == "hash-1" && extraction.vendor == "Grab Pte Ltd"
                && extraction.vendorTaxID == "201222222K")
        #expect(
            extraction.invoiceNumber == "INV-0001" && extraction.currency == sgd
                && extraction.suggestedCategory == "transport")
        #expect(
            extraction.total == Money(minorUnits: 12050, currency: sgd)
                && extraction.tax == Money(minorUnits: 1050, currency: sgd))
        #expect(extraction.invoiceDate == (try Date("2026-11-20T12:00:00Z", strategy: .iso8601)))
        #expect(
            extraction.lineItems == [
                ExtractedLine(description: "Ride", amount: Money(minorUnits: 12050, currency: sgd))
            ])
        let seen = await fixture.server.state.requests
        #expect(
            seen.map(\.blockType) == ["document"] && seen.map(\.mediaType) == ["application/pdf"]
                && seen[0].hadClaimContext)
        #expect(await fixture.server.state.rejections.isEmpty)
    }

    @Test("An image goes as an image block with the media type of its bytes")
    func imageExtraction() async throws {
        let fixture = try await Self.start()
        defer { Task { await fixture.server.stop() } }
        _ = try await fixture.reader.read(Self.attachment(Self.png), formSummary: nil)
        #expect(await fixture.server.state.requests.map { "\($0.blockType) \($0.mediaType)" } == ["image image/png"])
    }

    @Test("An image over Anthropic's 5 MB of base64 is too large, said without a call; a PDF of that size is sent")
    func oversizedImage() async throws {
        let fixture = try await Self.start()
        defer { Task { await fixture.server.stop() } }
        let image = Self.png + [UInt8](repeating: 7, count: 4 * 1024 * 1024)
        await #expect(throws: InvoiceReaderError(.tooLarge)) {
            try await fixture.reader.read(Self.attachment(image), formSummary: nil)
        }
        #expect(await fixture.server.state.attempts == 0)
        _ = try await fixture.reader.read(
            Self.attachment(Self.pdf + [UInt8](repeating: 0x20, count: 4 << 20)), formSummary: nil)
        #expect(await fixture.server.state.requests.count == 1)
    }

    @Test("The fake refuses what Anthropic documents it refuses: sizes, pages, max_tokens, temperature with top_p")
    func fakeLimits() async throws {
        let fixture = try await Self.start()
        defer { Task { await fixture.server.stop() } }
        func post(_ body: [String: Any]) async throws -> Int {
            try await CurlHTTPClient(threads: 1).send(
                HTTPClientRequest(
                    method: "POST", url: fixture.server.baseURL + "/v1/messages",
                    headers: [
                        ("x-api-key", "sk-fake-key"), ("anthropic-version", "2023-06-01"),
                        ("content-type", "application/json"),
                    ],
                    body: try JSONSerialization.data(withJSONObject: body))
            ).status
        }
        func request(_ bytes: [UInt8], type: String, media: String, extra: [String: Any] = [:]) -> [String: Any] {
            var body: [String: Any] = [
                "model": "claude-sonnet-4-6", "max_tokens": 1024,
                "messages": [
                    [
                        "role": "user",
                        "content": [
                            [
                                "type": type,
                                "source": [
                                    "type": "base64", "media_type": media, "data": Data(bytes).base64EncodedString(),
                                ],
                            ]
                        ],
                    ]
                ],
                "output_config": ["format": ["type": "json_schema", "schema": ["additionalProperties": false]]],
            ]
            body.merge(extra) { $1 }
            return body
        }
        let pages = { (count: Int) in Self.pdf + Array(String(repeating: "<< /Type /Page >>\n", count: count).utf8) }
        #expect(
            try await post(request(pages(100) + Array("/Type /Pages".utf8), type: "document", media: "application/pdf"))
                == 200)
        #expect(try await post(request(pages(101), type: "document", media: "application/pdf")) == 400)
        #expect(
            try await post(
                request(Self.png + [UInt8](repeating: 1, count: 4_000_000), type: "image", media: "image/png")) == 400)
        #expect(
            try await post(request(Self.png, type: "image", media: "image/png", extra: ["max_tokens": 128_001])) == 400)
        #expect(
            try await post(request(Self.png, type: "image", media: "image/png", extra: ["temperature": 1.5])) == 400)
        #expect(
            try await post(
                request(Self.png, type: "image", media: "image/png", extra: ["temperature": 0, "top_p": 0.9]))
                == 400)
        #expect(try await post(request(Self.png, type: "image", media: "image/png", extra: ["temperature": 0])) == 200)
        #expect(
            try await post(
                request(
                    [UInt8](Self.pdf) + [UInt8](repeating: 0x20, count: 25 << 20), type: "document",
                    media: "application/pdf")) == 413)
    }

    @Test("Unknown and untrustworthy values become nil, never guesses")
    func nullable() async throws {
        let fixture = try await Self.start()
        defer { Task { await fixture.server.stop() } }
        await fixture.server.state.script(
            .extraction([
                "vendor_name": nil, "vendor_tax_id": " ", "invoice_number": nil, "invoice_date": "2026-02-30",
                "currency": "S$",
                "subtotal_amount": nil, "tax_amount": "1,000.00", "total_amount": "12.50", "suggested_category": nil,
            ]))
        let extraction = try await fixture.reader.read(Self.attachment(), formSummary: nil)
        #expect(
            extraction.vendor == nil && extraction.vendorTaxID == nil && extraction.invoiceDate == nil
                && extraction.currency == nil)
        #expect(extraction.total == nil && extraction.tax == nil, "no currency, no money")
    }

    @Test("Overload, rate limits and server errors are retried as the SDKs do, then succeed")
    func retries() async throws {
        let fixture = try await Self.start()
        defer { Task { await fixture.server.stop() } }
        await fixture.server.state.script(.failure(status: 529, type: "overloaded_error"))
        await fixture.server.state.script(
            .failure(status: 429, type: "rate_limit_error", headers: ["retry-after": "0.05"]))
        _ = try await fixture.reader.read(Self.attachment(), formSummary: nil)
        #expect(await fixture.server.state.attempts == 3)
        await fixture.server.state.script(
            .failure(status: 400, type: "invalid_request_error", headers: ["x-should-retry": "true"]))
        _ = try await fixture.reader.read(Self.attachment(), formSummary: nil)
        #expect(await fixture.server.state.attempts == 5)
    }

    @Test("Retries stop at the limit, on x-should-retry false, and never happen for client errors")
    func noRetries() async throws {
        let fixture = try await Self.start()
        defer { Task { await fixture.server.stop() } }
        for _ in 0..<3 { await fixture.server.state.script(.failure(status: 500, type: "api_error")) }
        await #expect(throws: InvoiceReaderError(.unavailable, status: 500)) {
            _ = try await fixture.reader.read(Self.attachment(), formSummary: nil)
        }
        #expect(await fixture.server.state.attempts == 3)
        await fixture.server.state.script(
            .failure(status: 503, type: "api_error", headers: ["x-should-retry": "false"]))
        await #expect(throws: InvoiceReaderError(.unavailable, status: 503)) {
            _ = try await fixture.reader.read(Self.attachment(), formSummary: nil)
        }
        #expect(await fixture.server.state.attempts == 4)
        await fixture.server.state.script(.failure(status: 413, type: "request_too_large"))
        await #expect(throws: InvoiceReaderError(.tooLarge, status: 413)) {
            _ = try await fixture.reader.read(Self.attachment(), formSummary: nil)
        }
        #expect(await fixture.server.state.attempts == 5)
    }

    @Test("A wrong key, a wrong model, a refusal and a cut-off answer are each their own error")
    func failures() async throws {
        let wrongKey = try await Self.start(key: "sk-wrong")
        await #expect(throws: InvoiceReaderError(.rejected, status: 401)) {
            _ = try await wrongKey.reader.read(Self.attachment(), formSummary: nil)
        }
        #expect(await wrongKey.server.state.rejections == ["invalid x-api-key"])
        await wrongKey.server.stop()
        let wrongModel = try await Self.start(model: "claude-unknown")
        await #expect(throws: InvoiceReaderError(.rejected, status: 404)) {
            _ = try await wrongModel.reader.read(Self.attachment(), formSummary: nil)
        }
        await wrongModel.server.stop()
        let fixture = try await Self.start()
        defer { Task { await fixture.server.stop() } }
        await fixture.server.state.script(.refusal)
        await #expect(throws: InvoiceReaderError(.unreadable)) {
            _ = try await fixture.reader.read(Self.attachment(), formSummary: nil)
        }
        await fixture.server.state.script(.truncated)
        await #expect(throws: InvoiceReaderError(.malformedResponse)) {
            _ = try await fixture.reader.read(Self.attachment(), formSummary: nil)
        }
    }

    @Test("A provider slower than the timeout is unavailable, after the retries")
    func timeout() async throws {
        let fixture = try await Self.start(maxRetries: 1, timeout: .milliseconds(300))
        defer { Task { await fixture.server.stop() } }
        await fixture.server.state.script(.slow(.seconds(1)))
        await fixture.server.state.script(.slow(.seconds(1)))
        await #expect(throws: InvoiceReaderError(.unavailable)) {
            _ = try await fixture.reader.read(Self.attachment(), formSummary: nil)
        }
    }

    @Test("Logs carry the request id and status, never the file, the claim or the key")
    func logs() async throws {
        let fixture = try await Self.start()
        defer { Task { await fixture.server.stop() } }
        _ = try await fixture.reader.read(Self.attachment(), formSummary: "CANARY-FORM-VALUE")
        let text = fixture.logs.text
        #expect(text.contains("req_fake_") && text.contains("200"))
        for secret in ["CANARY", "sk-fake-key", Data(Self.pdf).base64EncodedString(), "Grab"] {
            #expect(!text.contains(secret))
        }
    }

    @Test("Without a key the reader says it is not configured, a transient state")
    func unconfigured() async {
        await #expect(throws: InvoiceReaderError(.notConfigured)) {
            _ = try await UnconfiguredInvoiceReader().read(Self.attachment(), formSummary: nil)
        }
        #expect(InvoiceReaderError(.notConfigured).isTransient && !InvoiceReaderError(.rejected).isTransient)
    }

    @Test("KOPI_AI_CONCURRENCY bounds the calls in flight; the rest wait their turn and are all answered")
    func boundedConcurrency() async throws {
        let fixture = try await Self.start(concurrency: 3, threads: 12)
        defer { Task { await fixture.server.stop() } }
        await fixture.server.state.setLatency(0.1...0.15)
        let reader = fixture.reader
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<12 { group.addTask { (try? await reader.read(Self.attachment(), formSummary: nil)) != nil } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(answered == 12)
        #expect(await fixture.server.state.peakInFlight == 3, "never more than the setting, and up to it")
        #expect(reader.gate.peakInFlight == 3)
    }

    @Test("A 429's retry-after holds back every call, not only the one that got it")
    func rateLimitPausesAll() async throws {
        let fixture = try await Self.start(concurrency: 4, threads: 4)
        defer { Task { await fixture.server.stop() } }
        await fixture.server.state.script(
            .failure(status: 429, type: "rate_limit_error", headers: ["retry-after": "1"]))
        let reader = fixture.reader
        let started = ContinuousClock.now
        let first = Task { try await reader.read(Self.attachment(), formSummary: nil) }
        while await fixture.server.state.attempts == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(100))
        // A second read starting during the pause waits it out before it calls.
        let secondStarted = ContinuousClock.now
        _ = try await reader.read(Self.attachment(), formSummary: nil)
        let secondTook = ContinuousClock.now - secondStarted
        _ = try await first.value
        #expect(secondTook >= .milliseconds(700), "the pause applied to a call that never saw the 429")
        #expect(ContinuousClock.now - started >= .seconds(1))
        #expect(await fixture.server.state.attempts == 3)
    }
}
