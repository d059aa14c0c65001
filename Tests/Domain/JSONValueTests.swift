import Domain
import Foundation
import Testing

/// ``JSONValue``'s reader: RFC 8259 exactly, checked against `JSONSerialization` on generated
/// documents and on their one-byte mutations.
@Suite("JSON reader")
struct JSONValueTests {
    @Test("Every kind of value, members in order, the last of a repeated name read")
    func values() throws {
        let value = try JSONValue.parse(
            #" { "s": "text", "n": -12.50e+1, "i": 0, "t": true, "f": false, "z": null, "a": [1, [], {}], "s": "again" } "#
        )
        let object = try #require(value.object)
        #expect(object.keys == ["s", "n", "i", "t", "f", "z", "a", "s"])
        #expect(value["s"]?.string == "again")
        #expect(value["n"] == .number("-12.50e+1") && value["n"]?.double == -125)
        #expect(value["i"]?.double == 0 && value["i"]?.integer == 0)
        #expect(value["n"]?.integer == nil && value["s"]?.integer == nil, "a fraction or exponent, a string")
        #expect(value["t"]?.bool == true && value["f"]?.bool == false)
        #expect(value["z"]?.isNull == true)
        #expect(value["a"]?.array == [.number("1"), .array([]), .object(JSONObject())])
        #expect(value["missing"] == nil && value["s"]?["s"] == nil)
        #expect(try JSONValue.parse("\"top\"") == .string("top"))
        #expect(try JSONValue.parse(Data("7".utf8)) == .number("7"))
    }

    @Test("String members: strings only, the last of a repeated name, a later non-string removes it")
    func stringMembers() throws {
        let value = try JSONValue.parse(#"{"a": "1", "b": 2, "c": "x", "c": "y", "d": "z", "d": null}"#)
        #expect(value.object?.stringMembers == ["a": "1", "c": "y"])
    }

    @Test("Escapes, surrogate pairs and UTF-8 as written")
    func strings() throws {
        let text = #""q\" b\\ s\/ \b\f\n\r\t \u00e9\u4E2D \ud83d\ude00 é中😀""#
        #expect(try JSONValue.parse(text) == .string("q\" b\\ s/ \u{8}\u{C}\n\r\t é中 😀 é中😀"))
        #expect(try JSONValue.parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test(
        "Malformed text is refused with where reading stopped",
        arguments: [
            "", " ", "{", "[", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, "{1:2}", "{'a':1}", "[1 2]", "[1] x", "01", "-01",
            "1.", ".5", "-", "1e", "1e+", "+1", "0x1", "tru", "nul", "True", "NaN", "Infinity", #""abc"#,
            #""\x""#, #""\u12""#, #""\u12G4""#, #""\ud800""#, #""\ud800\u0041""#, #""\udc00""#, "\"a\u{1}b\"",
            "\"tab\there\"", "[\"\\\"]", "1e309", "-2E400", String(repeating: "9", count: 400),
        ])
    func malformed(_ text: String) {
        #expect(throws: JSONValue.Malformed.self) { try JSONValue.parse(text) }
    }

    @Test("Bytes that are not UTF-8 are refused inside strings and out")
    func invalidUTF8() throws {
        for bytes: [UInt8] in [
            [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0xEF, 0xBB, 0xBF, 0x31],
        ] {
            #expect(throws: JSONValue.Malformed.self) { try JSONValue.parse(Data(bytes)) }
        }
        #expect(try JSONValue.parse(Data([0x22, 0xC3, 0xA9, 0x22])) == .string("é"))
    }

    @Test("Nesting up to the limit is read; one level more is refused")
    func depth() throws {
        let limit = JSONValue.maxDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try JSONValue.parse(deepest) }
        let tooDeep = String(repeating: #"{"a":"#, count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(throws: JSONValue.Malformed.self) { try JSONValue.parse(tooDeep) }
        #expect(throws: JSONValue.Malformed.self) { try JSONValue.parse(String(repeating: "[", count: 100_000)) }
    }

    @Test("Generated documents read as JSONSerialization reads them")
    func agreesOnGeneratedDocuments() throws {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let document = Self.randomValue(depth: 0, using: &generator)
            let data = try JSONSerialization.data(withJSONObject: ["doc": document], options: [.sortedKeys])
            let ours = try JSONValue.parse(data)
            let theirs = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            #expect(Self.same(ours, theirs), "\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test("One-byte mutations of documents are refused exactly when JSONSerialization refuses them")
    func agreesOnMutations() throws {
        var generator = SeededGenerator(seed: 29)
        let alphabet = Array(#"{}[]:,"\\/ -+.0123456789eEtrufalsn\u"#.utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF]
        var refused = 0
        for _ in 0..<3000 {
            let document = Self.randomValue(depth: 0, using: &generator)
            var bytes = [UInt8](try JSONSerialization.data(withJSONObject: [document], options: [.sortedKeys]))
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes.remove(at: position)
            case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
            default: bytes[position] = alphabet.randomElement(using: &generator)!
            }
            let data = Data(bytes)
            let ours = try? JSONValue.parse(data)
            // JSONSerialization on Linux takes a trailing comma; RFC 8259 does not, nor do we.
            if ours == nil, Self.hasTrailingComma(bytes) { continue }
            let theirs = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            if ours == nil { refused += 1 }
            #expect((ours == nil) == (theirs == nil), "\(bytes)")
            if let ours, let theirs { #expect(Self.same(ours, theirs), "\(bytes)") }
        }
        #expect(refused > 500, "the mutations exercise refusals")
    }

    static func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
        return text.contains(",]") || text.contains(",}")
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> Any {
        let kinds = depth >= 4 ? 5 : 7
        switch Int.random(in: 0..<kinds, using: &generator) {
        case 0: return NSNull()
        case 1: return Bool.random(using: &generator)
        case 2: return Int.random(in: -1_000_000_000...1_000_000_000, using: &generator)
        case 3: return Double(Int.random(in: -99_999...99_999, using: &generator)) / 100
        case 4: return randomString(using: &generator)
        case 5:
            return (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                randomValue(depth: depth + 1, using: &generator)
            }
        default:
            var object: [String: Any] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                object[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
            }
            return object
        }
    }

    static func randomString(using generator: inout SeededGenerator) -> String {
        let pieces = ["a", "Z", "7", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "中", "😀", "\u{7F}", "\u{2028}"]
        return (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            .joined()
    }

    /// Whether our reading of a document equals `JSONSerialization`'s.
    static func same(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let flag): return (theirs as? NSNumber)?.boolValue == flag
        case .number(let text): return (theirs as? NSNumber)?.doubleValue == Double(text)
        case .string(let text): return theirs as? String == text
        case .array(let elements):
            guard let array = theirs as? [Any], array.count == elements.count else { return false }
            return zip(elements, array).allSatisfy { same($0, $1) }
        case .object(let object):
            guard let dictionary = theirs as? [String: Any], Set(object.keys).count == dictionary.count else {
                return false
            }
            return Set(object.keys).allSatisfy { key in dictionary[key].map { same(object[key]!, $0) } ?? false }
        }
    }
}

/// SplitMix64: the same documents on every run, so a disagreement found is a disagreement kept.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
