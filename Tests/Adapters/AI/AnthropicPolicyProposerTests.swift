import Domain
import Foundation
import Logging
import Ports
import Testing

@testable import Adapters
@testable import Fakes

@Suite("Anthropic policy proposer, against the fake Anthropic")
struct AnthropicPolicyProposerTests {
    static func start() async throws -> (FakeAnthropicServer, AnthropicPolicyProposer, LogCapture) {
        let server = try await FakeAnthropicServer.start()
        let logs = LogCapture()
        let transport = AnthropicTransport(
            http: CurlHTTPClient(threads: 1),
            configuration: AnthropicConfiguration(
                apiKey: Secret("sk-fake-key"), baseURL: server.baseURL, maxRetries: 1, backoffBase: .milliseconds(5)),
            logger: logs.logger(label: "ai"))
        return (server, AnthropicPolicyProposer(transport: transport), logs)
    }

    static let policy = "POLICY-CANARY-91c2\nMeals are reimbursed up to SGD 50.00 per person per meal."

    @Test(
        "The policy goes as text with a strict schema; every kind comes back typed (in any capitalization), an incomplete rule without one"
    )
    func kinds() async throws {
        let (server, proposer, logs) = try await Self.start()
        await server.state.script(
            .rules([
                FakePolicyRule(kind: "category_cap", category: "Meals", amount: "50.00", currency: "sgd", quote: "q1"),
                FakePolicyRule(kind: "daily_cap", category: "meals", amount: "80", currency: "SGD", quote: "q2"),
                FakePolicyRule(kind: "PROHIBITED_VENDOR", vendor: " Casino ", quote: "q3"),
                FakePolicyRule(kind: "approved_vendor", vendor: "Grab", quote: "q4"),
                FakePolicyRule(kind: "invoice_required_above", amount: "25.00", currency: "SGD", quote: "q5"),
                FakePolicyRule(kind: "submission_window", days: 30, quote: "q6"),
                FakePolicyRule(kind: "weekend_expenses_flagged", quote: "q7"),
                FakePolicyRule(kind: "month_end_bulk_flagged", quote: "q8"),
                FakePolicyRule(kind: "category_cap", category: "meals", amount: "fifty", currency: "SGD", quote: "q9"),
                FakePolicyRule(kind: "travel_class", quote: "q10"),
            ]))
        let drafts = try await proposer.propose(from: Self.policy)
        let sgd = CurrencyCode("SGD")!
        #expect(
            drafts.map(\.rule) == [
                .categoryCap(category: "meals", cap: Money(minorUnits: 5000, currency: sgd)),
                .dailyCap(category: "meals", cap: Money(minorUnits: 8000, currency: sgd)),
                .prohibitedVendor("Casino"), .approvedVendor("Grab"),
                .invoiceRequiredAbove(Money(minorUnits: 2500, currency: sgd)), .submissionWindow(days: 30),
                .weekendExpensesFlagged, .monthEndBulkFlagged, nil, nil,
            ])
        #expect(drafts.map(\.quote) == (1...10).map { "q\($0)" })
        #expect(await server.state.rejections.isEmpty)
        #expect(await server.state.policies == [Self.policy])
        #expect(!logs.text.contains("POLICY-CANARY") && logs.text.contains("anthropic call"))
        await server.stop()
    }

    @Test("A refusal, a cut-off answer and a server that keeps failing are errors, never an empty proposal list")
    func failures() async throws {
        let (server, proposer, _) = try await Self.start()
        await server.state.script(.refusal)
        await #expect(throws: InvoiceReaderError(.unreadable)) { try await proposer.propose(from: Self.policy) }
        await server.state.script(.truncated)
        await #expect(throws: InvoiceReaderError(.malformedResponse)) { try await proposer.propose(from: Self.policy) }
        await server.state.script(.failure(status: 529, type: "overloaded_error"))
        await server.state.script(.failure(status: 529, type: "overloaded_error"))
        await #expect(throws: InvoiceReaderError(.unavailable, status: 529)) {
            try await proposer.propose(from: Self.policy)
        }
        await server.stop()
    }

    @Test("The fake refuses a schema the API refuses: unsupported keywords, open objects, too many unions or optionals")
    func schemaRules() {
        let string: [String: Any] = ["type": "string"]
        func object(_ properties: [String: Any], required: [String]? = nil, closed: Bool = true) -> [String: Any] {
            [
                "type": "object", "properties": properties, "required": required ?? Array(properties.keys),
                "additionalProperties": !closed ? true : false,
            ]
        }
        #expect(FakeSchemaRules.problem(AnthropicPolicyProposer.schema) == nil)
        #expect(FakeSchemaRules.problem(object(["a": string])) == nil)
        #expect(FakeSchemaRules.problem(object(["a": ["type": "integer", "minimum": 1]]))?.contains("minimum") == true)
        #expect(
            FakeSchemaRules.problem(object(["a": ["type": "string", "maxLength": 9]]))?.contains("maxLength") == true)
        #expect(FakeSchemaRules.problem(object(["a": object(["b": string], closed: false)])) != nil)
        #expect(FakeSchemaRules.problem(object(["a": ["type": "array", "items": string, "minItems": 2]])) != nil)
        let unions = Dictionary(uniqueKeysWithValues: (0..<17).map { ("u\($0)", ["type": ["string", "null"]] as Any) })
        #expect(FakeSchemaRules.problem(object(unions))?.contains("union") == true)
        let optionals = Dictionary(uniqueKeysWithValues: (0..<25).map { ("o\($0)", string as Any) })
        #expect(FakeSchemaRules.problem(object(optionals, required: []))?.contains("optional") == true)
    }
}
