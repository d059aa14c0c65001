import Domain
import Fakes
import Foundation
import Testing

@testable import Application

/// The live card's form against Lark's documented component rules, as the strict fake enforces
/// them, and the client's side of a form: what a tap sends.
@Suite("Card form and Lark's component rules")
struct CardFormRulesTests {
    static func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func card(_ elements: [[String: Any]]) -> String {
        json(["schema": "2.0", "config": ["update_multi": true], "body": ["elements": elements]])
    }

    static var submit: [String: Any] {
        [
            "tag": "button", "name": "go", "form_action_type": "submit",
            "text": ["tag": "plain_text", "content": "Go"], "behaviors": [["type": "callback", "value": ["k": "v"]]],
        ]
    }

    @Test(
        "The live card holds one form at the body's root: a named 500-character reason field and three named submit buttons; Lark takes it"
    )
    func liveCard() throws {
        let json = CardContentTests.card(findings: []).json()
        #expect(FakeCardRules.problem(json) == nil)
        let elements = try #require((try Self.object(json)["body"] as? [String: Any])?["elements"] as? [[String: Any]])
        let form = try #require(elements.last)
        #expect(form["tag"] as? String == "form" && form["name"] as? String == CheckCard.formName)
        let inside = try #require(form["elements"] as? [[String: Any]])
        let input = try #require(inside.first)
        #expect(input["tag"] as? String == "input" && input["name"] as? String == CheckCard.reasonField)
        #expect(input["max_length"] as? Int == DecisionReason.maxLength && input["required"] == nil)
        let columns = try #require((inside.last?["columns"] as? [[String: Any]]))
        let buttons = columns.compactMap { ($0["elements"] as? [[String: Any]])?.first }
        #expect(buttons.map { $0["name"] as? String } == ["kopi_approve", "kopi_ask_for_info", "kopi_reject"])
        #expect(buttons.allSatisfy { $0["form_action_type"] as? String == "submit" })
        for form in [CheckCard.Form.pending(.reject, reason: DecisionReason("No")), .closed("Done")] {
            let text = CardContentTests.card(findings: []).json(form)
            #expect(FakeCardRules.problem(text) == nil && !text.contains(#""form""#))
        }
    }

    @Test("The fake refuses each documented violation of the form, input and button rules")
    func violations() {
        let input: [String: Any] = ["tag": "input", "name": "why"]
        let cases: [(String, [[String: Any]])] = [
            (
                "a form inside a column",
                [
                    [
                        "tag": "column_set",
                        "columns": [
                            ["tag": "column", "elements": [["tag": "form", "name": "f", "elements": [Self.submit]]]]
                        ],
                    ]
                ]
            ),
            ("a form without a name", [["tag": "form", "elements": [Self.submit]]]),
            (
                "a form inside a form",
                [
                    [
                        "tag": "form", "name": "f",
                        "elements": [["tag": "form", "name": "g", "elements": [Self.submit]], Self.submit],
                    ]
                ]
            ),
            ("a table in a form", [["tag": "form", "name": "f", "elements": [["tag": "table"], Self.submit]]]),
            ("a form with no submit button", [["tag": "form", "name": "f", "elements": [input]]]),
            (
                "an unnamed input in a form",
                [["tag": "form", "name": "f", "elements": [["tag": "input"], Self.submit]]]
            ),
            (
                "a button in a form without form_action_type",
                [
                    [
                        "tag": "form", "name": "f",
                        "elements": [
                            Self.submit.merging(["name": "b", "form_action_type": "send"]) { $1 }, Self.submit,
                        ],
                    ]
                ]
            ),
            (
                "a name used twice",
                [["tag": "form", "name": "f", "elements": [["tag": "input", "name": "go"], Self.submit]]]
            ),
            ("required outside a form", [["tag": "input", "name": "why", "required": true]]),
            (
                "max_length over 1000",
                [["tag": "form", "name": "f", "elements": [input.merging(["max_length": 1001]) { $1 }, Self.submit]]]
            ),
            (
                "max_length 0",
                [["tag": "form", "name": "f", "elements": [input.merging(["max_length": 0]) { $1 }, Self.submit]]]
            ),
            (
                "an unknown input type",
                [
                    [
                        "tag": "form", "name": "f",
                        "elements": [input.merging(["input_type": "rich"]) { $1 }, Self.submit],
                    ]
                ]
            ),
            ("a submit button outside a form", [Self.submit]),
            ("a 1.0 action container", [["tag": "action", "actions": []]]),
            (
                "six levels of containers",
                [
                    [
                        "tag": "column_set",
                        "columns": [
                            [
                                "tag": "column",
                                "elements": [
                                    [
                                        "tag": "column_set",
                                        "columns": [
                                            [
                                                "tag": "column",
                                                "elements": [
                                                    [
                                                        "tag": "column_set",
                                                        "columns": [
                                                            [
                                                                "tag": "column",
                                                                "elements": [["tag": "markdown", "content": "deep"]],
                                                            ]
                                                        ],
                                                    ]
                                                ],
                                            ]
                                        ],
                                    ]
                                ],
                            ]
                        ],
                    ]
                ]
            ),
        ]
        for (what, elements) in cases {
            #expect(FakeCardRules.problem(Self.card(elements))?.hasPrefix("230099") == true, "\(what) was taken")
        }
        #expect(
            FakeCardRules.problem(Self.card([["tag": "form", "name": "f", "elements": [input, Self.submit]]])) == nil)
    }

    @Test(
        "A tap on a form's submit sends what was typed; the client stops an empty required field and text over max_length"
    )
    func client() throws {
        let form: [String: Any] = [
            "tag": "form", "name": "f",
            "elements": [
                ["tag": "input", "name": "why", "max_length": 5], ["tag": "input", "name": "note", "required": true],
                Self.submit,
            ],
        ]
        let card = Self.card([
            form, ["tag": "button", "name": "out", "behaviors": [["type": "callback", "value": ["o": "1"]]]],
        ])
        let action = try FakeCardClient.press("go", on: card, typing: ["why": "short", "note": "n"])
        #expect(action["form_value"] as? [String: String] == ["why": "short", "note": "n"])
        #expect(action["value"] as? [String: String] == ["k": "v"] && action["name"] as? String == "go")
        #expect(throws: FakeCardClient.Refusal.requiredInputEmpty("note")) {
            try FakeCardClient.press("go", on: card, typing: ["why": "a"])
        }
        #expect(throws: FakeCardClient.Refusal.inputTooLong("why")) {
            try FakeCardClient.press("go", on: card, typing: ["why": "too long", "note": "n"])
        }
        let outside = try FakeCardClient.press("out", on: card)
        #expect(outside["form_value"] == nil && outside["value"] as? [String: String] == ["o": "1"])
        #expect(throws: FakeCardClient.Refusal.noSuchButton("gone")) { try FakeCardClient.press("gone", on: card) }
    }
}
