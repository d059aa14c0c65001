import Domain
import Foundation
import Ports
import Testing

@testable import Adapters

/// `SubmissionJSON` and `ExtractionJSON` against the `Codable` conformances they replace: rows
/// written by either must read back alike through either, and a damaged row must be refused by
/// both or by neither.
@Suite("Submissions' and extractions' stored JSON, without Codable")
struct StoredJSONTests {
    static let texts = [
        "Grab ride to Changi T3", "午餐 · 客户会议", "a \"quoted\" / slashed \\ line\nwith\ttabs \u{1}",
        "Café 🚕", "",
    ]

    /// Claims of every shape the type can hold: lines and attachments from none to three, each
    /// optional present and absent, negative and large amounts, dates with and without a
    /// fraction of a millisecond.
    static func submission(_ index: Int) -> Submission {
        let currencies = ["SGD", "JPY", "KWD", "CNY", "USD"].compactMap(CurrencyCode.init)
        func text(_ offset: Int) -> String? { index % 7 == offset % 7 ? nil : texts[(index + offset) % texts.count] }
        func money(_ offset: Int) -> Money {
            let units: [Int64] = [0, 1250, -500, 9_007_199_254_740_993, 3]
            return Money(minorUnits: units[(index + offset) % units.count], currency: currencies[offset % 5])
        }
        let base = 1_764_748_800.0 + Double(index) * 3_601.25
        let lines = (0..<(index % 4)).map { offset in
            LineItem(
                amount: money(offset), date: index % 3 == 0 ? nil : Date(timeIntervalSince1970: base - 86_400),
                category: text(offset + 1), vendor: text(offset + 2), description: text(offset + 3))
        }
        let outcomes = AttachmentFacts.Outcome.allCases
        let attachments = (0..<(index % 3 + 1)).map { offset in
            AttachmentFacts(
                fileName: text(offset) ?? "invoice-\(offset).pdf",
                mediaType: index % 6 == 0 ? nil : MediaType.allCases[(index + offset) % MediaType.allCases.count],
                size: (index * 7_919) % 20_000_000,
                contentHash: index % 5 == 0 ? nil : String(repeating: "ab", count: 32),
                outcome: outcomes[(index + offset) % outcomes.count])
        }
        var submission = Submission(
            id: SubmissionID(UUID(uuidString: String(format: "7C9E6679-7425-40DE-944B-E07FC1F9%04X", index))!),
            tenantID: TenantID(UUID(uuidString: "3F2504E0-4F89-41D3-9A0C-0305E82C3301")!),
            flowID: FlowID(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!),
            instanceCode: "81D31358-93AF-92D6-7425-01A5D67C\(String(format: "%04X", index))",
            applicant: "ou_7d8a6e6df7621556ce0d21922b676706ccs", status: SubmissionStatus.allCases[index % 5],
            lineItems: lines, attachments: attachments,
            submittedAt: Date(timeIntervalSince1970: index % 2 == 0 ? base : base + 0.000_412),
            updatedAt: Date(timeIntervalSince1970: base + 60))
        submission.baseTotal = index % 4 == 1 ? nil : money(9)
        return submission
    }

    static func extraction(_ index: Int) -> InvoiceExtraction {
        let currency = ["SGD", "JPY", "KWD"].compactMap(CurrencyCode.init)[index % 3]
        func text(_ offset: Int) -> String? { index % 5 == offset % 5 ? nil : texts[(index + offset) % texts.count] }
        func money(_ offset: Int) -> Money? {
            (index + offset) % 4 == 0
                ? nil : Money(minorUnits: Int64((index + offset) * 1_050 - 700), currency: currency)
        }
        return InvoiceExtraction(
            contentHash: String(repeating: "0f", count: 32), vendor: text(0), vendorTaxID: text(1),
            invoiceNumber: text(2),
            invoiceDate: index % 3 == 0 ? nil : Date(timeIntervalSince1970: 1_764_720_000 + Double(index) * 86_400),
            currency: index % 7 == 0 ? nil : currency, subtotal: money(1), tax: money(2), total: money(3),
            lineItems: (0..<(index % 3)).map { ExtractedLine(description: text($0 + 4), amount: money($0)) },
            suggestedCategory: text(3))
    }

    static func codableText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func codableRead<Value: Decodable>(_ type: Value.Type, _ text: String) -> Value? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try? decoder.decode(type, from: Data(text.utf8))
    }

    @Test("Either writer's text reads back through either reader as the same submission")
    func roundTrips() throws {
        for index in 0..<240 {
            let submission = Self.submission(index)
            for text in [try Self.codableText(submission), try SubmissionJSON.text(submission)] {
                let fast = try #require(SubmissionJSON.submission(from: text), "\(index): \(text)")
                #expect(fast == Self.codableRead(Submission.self, text), "\(index): \(text)")
                // Whole milliseconds survive exactly; a fraction of one as both readers round it.
                if index % 2 == 0 { #expect(fast == submission, "\(index)") }
            }
        }
    }

    @Test("An extraction's text reads back through either reader as the same extraction")
    func extractionsRoundTrip() throws {
        for index in 0..<60 {
            let extraction = Self.extraction(index)
            for text in [try Self.codableText(extraction), try ExtractionJSON.text(extraction)] {
                let fast = try #require(ExtractionJSON.extraction(from: text), "\(index): \(text)")
                #expect(fast == extraction, "\(index)")
                #expect(fast == Self.codableRead(InvoiceExtraction.self, text), "\(index)")
            }
        }
        let extraction = Self.extraction(4)
        #expect(
            try ExtractionJSON.text(extraction).replacingOccurrences(of: "/", with: "\\/")
                .replacingOccurrences(of: #"\.0([,}])"#, with: "$1", options: .regularExpression)
                == Self.codableText(extraction))
    }

    @Test("The text is Codable's, but for whole milliseconds written with .0 and an unescaped /")
    func sameText() throws {
        let submission = Self.submission(9)
        let codable = try Self.codableText(submission)
        let text = try SubmissionJSON.text(submission)
        #expect(text.contains("\"description\":\"a \\\"quoted\\\" / slashed"))
        let normalised = text.replacingOccurrences(of: "/", with: "\\/")
            .replacingOccurrences(of: #"\.0([,}])"#, with: "$1", options: .regularExpression)
        #expect(normalised == codable)
    }

    @Test("A damaged row is refused by both readers or by neither, and read alike when accepted")
    func damagedRowsAgree() throws {
        var checked = 0
        for index in [1, 2, 6, 13] {
            checked += try Self.damaging(try Self.codableText(Self.submission(index))) { text in
                #expect(SubmissionJSON.submission(from: text) == Self.codableRead(Submission.self, text), "\(text)")
            }
            checked += try Self.damaging(try Self.codableText(Self.extraction(index))) { text in
                #expect(
                    ExtractionJSON.extraction(from: text) == Self.codableRead(InvoiceExtraction.self, text), "\(text)")
            }
        }
        #expect(checked > 1_500)
        #expect(throws: StoreError.self) { try SQLCoding.decode(Submission.self, from: "{\"id\":1}") }
        #expect(throws: StoreError.self) { try SQLCoding.decode(InvoiceExtraction.self, from: "{}") }
    }

    /// Calls `check` with the text damaged every way: each member removed, or replaced by a
    /// null and by values of every other type; answers how many texts it made.
    static func damaging(_ text: String, _ check: (String) -> Void) throws -> Int {
        let replacements: [Any] = [NSNull(), "x", 1.5, 7, true, [Any](), [String: Any](), "2026-12-03", -1, removed]
        let original = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var made = 0
        for path in paths(in: original) {
            for replacement in replacements {
                let damaged = replacing(path, in: original, with: replacement)
                check(String(decoding: try JSONSerialization.data(withJSONObject: damaged), as: UTF8.self))
                made += 1
            }
        }
        return made
    }

    static let removed = "\u{0}removed"

    /// Every member's path: a key, or an array index, at each level.
    static func paths(in value: Any, prefix: [AnyHashable] = []) -> [[AnyHashable]] {
        switch value {
        case let object as [String: Any]:
            object.flatMap { key, member in [prefix + [key]] + paths(in: member, prefix: prefix + [key]) }
        case let array as [Any]:
            array.enumerated().flatMap { index, element in
                [prefix + [index]] + paths(in: element, prefix: prefix + [index])
            }
        default: []
        }
    }

    static func replacing(_ path: [AnyHashable], in value: Any, with replacement: Any) -> Any {
        guard let step = path.first else { return replacement }
        let rest = Array(path.dropFirst())
        if var object = value as? [String: Any], let key = step as? String {
            if rest.isEmpty, replacement as? String == removed {
                object[key] = nil
            } else {
                object[key] = replacing(rest, in: object[key]!, with: replacement)
            }
            return object
        }
        if var array = value as? [Any], let index = step as? Int {
            if rest.isEmpty, replacement as? String == removed {
                array.remove(at: index)
            } else {
                array[index] = replacing(rest, in: array[index], with: replacement)
            }
            return array
        }
        return value
    }
}
