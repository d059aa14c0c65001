import Domain
import Foundation
import Testing

@Suite("JSON text")
struct JSONTextTests {
    @Test("Writes compact JSON with sorted keys that parses back to the same tree, hostile strings included")
    func roundTrip() throws {
        let hostile = "quote \" backslash \\ slash / newline \n tab \t bell \u{7} nul \u{0} del \u{7F} 北京 🚕 \u{2028}"
        let tree: [String: Any] = [
            "schema": "2.0", "config": ["update_multi": true, "off": false],
            "body": ["elements": [["tag": "markdown", "content": hostile], ["count": 42, "ratio": 0.25, "neg": -7]]],
            "empty": [String: Any](), "none": [Any](),
        ]
        let text = try JSONText.serialize(tree)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let expected = try JSONSerialization.jsonObject(
            with: JSONSerialization.data(withJSONObject: tree, options: [.sortedKeys]))
        #expect(NSDictionary(dictionary: parsed).isEqual(expected))
        #expect(
            text.hasPrefix(
                #"{"body":{"elements":[{"content":"quote \" backslash \\ slash / newline \n tab \t bell \u0007 nul \u0000"#
            ))
        #expect(text.hasSuffix(#""none":[],"schema":"2.0"}"#))
        #expect(!text.contains("\n") && !text.contains("\u{0}"))
    }

    @Test("Raw text is written verbatim; values JSON cannot hold are refused")
    func rawAndRefused() throws {
        #expect(
            try JSONText.serialize(["card": JSONText.Raw(#"{"a":1}"#), "b": [1, 2]]) == #"{"b":[1,2],"card":{"a":1}}"#)
        #expect(throws: JSONText.Failure.self) { try JSONText.serialize(["when": Date()]) }
        #expect(throws: JSONText.Failure.self) { try JSONText.serialize([Double.nan]) }
    }
}
