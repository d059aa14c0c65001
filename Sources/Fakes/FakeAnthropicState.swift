import Foundation

/// A scripted answer of the fake Anthropic API.
public enum FakeAnthropicReply: Sendable {
    /// 200 with the extraction JSON (keys as in Kopi's schema) as the text block.
    case extraction([String: String?])
    /// Any status with an error type and extra headers (e.g. `retry-after`, `x-should-retry`).
    case failure(status: Int, type: String, headers: [String: String] = [:])
    /// 200 with `stop_reason: refusal`.
    case refusal
    /// 200 with `stop_reason: max_tokens` and a truncated text.
    case truncated
    /// Wait, then answer with the next reply.
    case slow(Duration)
    /// 200 with these rules as a policy request's answer.
    case rules([FakePolicyRule])
}

/// A rule as the fake proposes it from a policy, in the answer's schema.
public struct FakePolicyRule: Sendable {
    public let kind: String
    public var category: String? = nil
    public var vendor: String? = nil
    public var amount: String? = nil
    public var currency: String? = nil
    public var days: Int? = nil
    public let quote: String

    public init(
        kind: String, category: String? = nil, vendor: String? = nil, amount: String? = nil, currency: String? = nil,
        days: Int? = nil, quote: String
    ) {
        self.kind = kind
        self.category = category
        self.vendor = vendor
        self.amount = amount
        self.currency = currency
        self.days = days
        self.quote = quote
    }

    var object: [String: Any] {
        [
            "kind": kind, "category": category as Any? ?? NSNull(), "vendor": vendor as Any? ?? NSNull(),
            "amount": amount as Any? ?? NSNull(), "currency": currency as Any? ?? NSNull(),
            "days": days as Any? ?? NSNull(), "quote": quote,
        ]
    }
}

/// What the fake saw of a valid request: metadata only.
public struct FakeAnthropicRequest: Sendable {
    public let model: String
    public let blockType: String
    public let mediaType: String
    public let byteCount: Int
    public let hadClaimContext: Bool
}

public actor FakeAnthropicState {
    public let apiKey: String
    public let model: String
    public private(set) var requests: [FakeAnthropicRequest] = []
    /// Why invalid requests were refused, in order.
    public private(set) var rejections: [String] = []
    public private(set) var attempts = 0
    private var replies: [FakeAnthropicReply] = []
    /// The rules an unscripted policy request is answered with, unless one of ``policyAnswers``
    /// applies.
    public var policyRules: [FakePolicyRule] = []
    public func setPolicyRules(_ rules: [FakePolicyRule]) { policyRules = rules }
    /// Rules for the policies that contain a marker, as a model answers each document its own way.
    public private(set) var policyAnswers: [(marker: String, rules: [FakePolicyRule])] = []
    public func answerPolicies(containing marker: String, with rules: [FakePolicyRule]) {
        policyAnswers.append((marker, rules))
    }

    func rules(for policy: String) -> [FakePolicyRule] {
        policyAnswers.first { policy.contains($0.marker) }?.rules ?? policyRules
    }
    /// The policies sent, as text (a test's own documents, not anyone's data).
    public private(set) var policies: [String] = []
    func recordPolicy(_ text: String) { policies.append(text) }

    public var defaultExtraction: [String: String?] = [
        "vendor_name": "Grab Pte Ltd", "vendor_tax_id": "201222222K", "invoice_number": "INV-0001",
        "invoice_date": "2026-11-20",
        "currency": "SGD", "subtotal_amount": "110.00", "tax_amount": "10.50", "total_amount": "120.50",
        "suggested_category": "transport",
    ]

    /// When set, each document's answer carries an invoice number of its own, derived from its
    /// bytes, so distinct files are distinct invoices (as in a real month of claims).
    public var invoiceNumberPerDocument = false
    public func setInvoiceNumberPerDocument(_ on: Bool) { invoiceNumberPerDocument = on }

    /// The unscripted answer for `document`.
    func extraction(of document: Data) -> [String: String?] {
        guard invoiceNumberPerDocument else { return defaultExtraction }
        var fields = defaultExtraction
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in document {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        fields["invoice_number"] = "INV-" + String(hash, radix: 16, uppercase: true)
        return fields
    }

    public init(apiKey: String = "sk-fake-key", model: String = "claude-sonnet-4-6") {
        self.apiKey = apiKey
        self.model = model
    }

    /// Seconds each unscripted answer takes, drawn uniformly from the range (a real model's
    /// latency); nil answers at once.
    public var latency: ClosedRange<Double>?
    /// Requests being answered now, and the most there ever were at once.
    public private(set) var inFlight = 0
    public private(set) var peakInFlight = 0

    public func script(_ reply: FakeAnthropicReply) { replies.append(reply) }

    /// Scripted replies no request has used yet.
    public var pendingReplies: Int { replies.count }
    public func setLatency(_ range: ClosedRange<Double>?) { latency = range }

    func enter() {
        inFlight += 1
        peakInFlight = max(peakInFlight, inFlight)
    }
    func leave() { inFlight -= 1 }

    func nextReply() -> FakeAnthropicReply? {
        attempts += 1
        return replies.isEmpty ? nil : replies.removeFirst()
    }

    func record(_ request: FakeAnthropicRequest) { requests.append(request) }
    func reject(_ reason: String) { rejections.append(reason) }
}
