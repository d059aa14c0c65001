import Domain
import Foundation
import Testing

@Suite("Findings: a closed set of codes, each in one dimension, with typed evidence stored under stable keys")
struct FindingTests {
    @Test("Every code names its dimension as its prefix")
    func codesAndDimensions() {
        for code in Finding.Code.allCases {
            #expect(code.rawValue.hasPrefix(code.dimension.rawValue + "."), "\(code)")
        }
        #expect(Finding(.policyCapExceeded, severity: .red, message: "m").dimension == .policy)
    }

    @Test("Evidence round-trips through its stable keys, and the JSON is the flat map clients read")
    func evidenceRoundTrip() throws {
        let sgd = CurrencyCode("SGD")!
        let evidence = Finding.Evidence().with {
            $0.line = 2
            $0.claimed = Money(minorUnits: 42_000, currency: sgd)
            $0.approvals = 7
            $0.vendor = "grab"
        }
        #expect(evidence.entries == ["line": "2", "claimed": "420.00 SGD", "approvals": "7", "vendor": "grab"])
        #expect(Finding.Evidence(entries: evidence.entries) == evidence)
        let finding = Finding(.memoryKnownPattern, severity: .green, message: "m", evidence: evidence)
        let json = try JSONEncoder().encode(finding)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["code"] as? String == "memory.known_pattern" && object["dimension"] as? String == "memory")
        #expect(object["evidence"] as? [String: String] == evidence.entries)
        #expect(try JSONDecoder().decode(Finding.self, from: json) == finding)
    }

    @Test("Findings written as JSON text read back through Codable as they were, in JSONEncoder's text but for slashes")
    func findingsJSON() throws {
        let sgd = CurrencyCode("SGD")!
        let hostile = "Grab/Gojek \"quoted\" back\\slash\nnew line\t北京 🚕 \u{7}"
        let findings = Finding.Code.allCases.enumerated().map { index, code in
            Finding(
                code, severity: Verdict.allCases[index % Verdict.allCases.count], message: "\(hostile) \(index)",
                evidence: index % 3 == 0
                    ? Finding.Evidence()
                    : Finding.Evidence().with {
                        $0.line = index
                        $0.claimed = Money(minorUnits: Int64(index) * 1234 - 5000, currency: sgd)
                        $0.vendor = hostile
                        $0.policyQuote = "Taxis after 10pm/before 6am"
                        $0.rateDay = "2026-11-20"
                    }, rule: index % 2 == 0 ? nil : "rule/\(index)")
        }
        let text = try Finding.json(findings)
        #expect(try JSONDecoder().decode([Finding].self, from: Data(text.utf8)) == findings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let codable = String(decoding: try encoder.encode(findings), as: UTF8.self)
        #expect(text == codable.replacingOccurrences(of: "\\/", with: "/"))
        #expect(try Finding.json([]) == "[]")
    }

    @Test("A code outside the closed set does not decode")
    func unknownCode() {
        let json = Data(
            #"{"dimension":"amount","severity":"yellow","code":"amount.made_up","message":"m","evidence":{}}"#.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Finding.self, from: json) }
    }

    @Test("Claim-reading problems are findings of the check itself")
    func claimProblems() {
        let submission = Submission(
            id: Identifier(UUID()), tenantID: Identifier(UUID()), flowID: Identifier(UUID()),
            instanceCode: "81D31358-9E4B-4B6A-8F2C-0D7C5E3A9B11", applicant: "ou_7d8a6e6df7621556ce0d21922b676706",
            status: .pending,
            lineItems: [], attachments: [], submittedAt: Date(), updatedAt: Date())
        let findings = CheckEngine().findings(
            for: CheckInput(submission: submission, claimProblems: ["amount field has no number"], now: Date()))
        #expect(
            findings.contains {
                $0.code == .amountUnreadable && $0.severity == .yellow && $0.message.contains("has no number")
            })
    }
}
