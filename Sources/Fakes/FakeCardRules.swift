import Foundation

/// What a card must be for Lark to take it, on send, patch, delayed update and in a callback's
/// answer. Documented limits enforced (card JSON 2.0 structure, form container, input and
/// button components):
/// - at most 30 KB (`230025`);
/// - `schema: "2.0"` with `config.update_multi: true` (a 2.0 card is always shared), and
///   `body.elements` an array (`230099`);
/// - every element has a `tag`; no 1.0 `action` container; markdown `content` is a string;
/// - containers nest at most five levels;
/// - a `form` sits directly under `body.elements`, has a non-empty `name`, holds no `form` or
///   `table`, and has a button with `form_action_type: "submit"`;
/// - every interactive component in a form has a non-empty `name` (`200530`), and names are
///   unique within the card;
/// - a button in a form has `form_action_type` `submit` or `reset`; a button elsewhere carries
///   callback `behaviors` (Kopi's cards only use callbacks); a callback's `value` is an object;
/// - an `input`'s `required` is allowed only in a form; `max_length` is 1…1000; `input_type`
///   is `text`, `multiline_text` or `password`.
///
/// Lark refuses a bad card with `230099` and the component error in `ext`, as here.
public enum FakeCardRules {
    static let interactiveTags: Set<String> = [
        "button", "input", "select_static", "multi_select_static", "select_person", "multi_select_person",
        "date_picker", "picker_time", "picker_datetime", "select_img", "checker",
    ]
    static let maxNesting = 5
    static let maxInputLength = 1000

    /// Why Lark would refuse the card, or nil when it takes it.
    public static func problem(_ content: String) -> String? { refusal(content).map { "\($0.code) \($0.message)" } }

    static func refusal(_ content: String) -> FakeLarkRefusal? {
        guard content.utf8.count <= FakeLarkLimits.maxCardBytes else {
            return FakeLarkRefusal(230025, "The length of the message content reaches its limit.")
        }
        guard let card = (try? JSONSerialization.jsonObject(with: Data(content.utf8))) as? [String: Any],
            card["schema"] as? String == "2.0",
            (card["config"] as? [String: Any])?["update_multi"] as? Bool == true,
            let body = card["body"] as? [String: Any],
            let elements = body["elements"] as? [Any]
        else { return FakeLarkRefusal(230099, "Failed to create card content.") }
        var walk = Walk()
        walk.check(elements, depth: 0, form: nil, root: true)
        return walk.problem.map { FakeLarkRefusal(230099, "Failed to create card content, ext=\($0)") }
    }

    private struct Walk {
        var problem: String?
        var names: Set<String> = []

        mutating func fail(_ code: Int, _ message: String) {
            if problem == nil { problem = "ErrCode: \(code); ErrMsg: \(message)" }
        }

        mutating func check(_ elements: [Any], depth: Int, form: String?, root: Bool) {
            guard depth <= FakeCardRules.maxNesting else { return fail(11310, "containers nest over five levels") }
            for element in elements {
                guard let element = element as? [String: Any], let tag = element["tag"] as? String else {
                    return fail(11310, "an element has no tag")
                }
                switch tag {
                case "action": return fail(11310, "the 1.0 action container is not allowed in a 2.0 card")
                case "markdown" where !(element["content"] is String): return fail(11310, "markdown content is missing")
                case "form": checkForm(element, depth: depth, root: root, inside: form)
                case "table" where form != nil: return fail(11310, "a form cannot hold a table")
                default: break
                }
                if FakeCardRules.interactiveTags.contains(tag) { checkInteractive(element, tag: tag, form: form) }
                guard problem == nil else { return }
                if tag != "form" {
                    let children =
                        (element["elements"] as? [Any] ?? [])
                        + (element["columns"] as? [Any] ?? []).flatMap { column -> [Any] in
                            (column as? [String: Any]).map { [$0.merging(["tag": "column"]) { old, _ in old }] } ?? []
                        }
                    if !children.isEmpty { check(children, depth: depth + 1, form: form, root: false) }
                }
            }
        }

        private mutating func checkForm(_ element: [String: Any], depth: Int, root: Bool, inside form: String?) {
            guard form == nil else { return fail(11310, "a form cannot hold a form") }
            guard root else { return fail(11310, "a form must sit directly under body.elements") }
            guard let name = element["name"] as? String, !name.isEmpty else {
                return fail(200530, "the form's name is empty")
            }
            let children = element["elements"] as? [Any] ?? []
            check(children, depth: depth + 1, form: name, root: false)
            guard problem == nil else { return }
            if !FakeCardRules.hasSubmit(children) { fail(11310, "form \(name) has no submit button") }
        }

        private mutating func checkInteractive(_ element: [String: Any], tag: String, form: String?) {
            let name = element["name"] as? String ?? ""
            if form != nil && name.isEmpty { return fail(200530, "a \(tag) in a form has an empty name") }
            if !name.isEmpty {
                guard names.insert(name).inserted else { return fail(11310, "the name \(name) is used twice") }
            }
            if tag == "button" {
                let behaviors = element["behaviors"] as? [[String: Any]] ?? []
                guard behaviors.allSatisfy({ $0["type"] as? String != "callback" || $0["value"] is [String: Any] })
                else { return fail(11310, "a callback value must be an object") }
                if form != nil {
                    guard ["submit", "reset"].contains(element["form_action_type"] as? String ?? "") else {
                        return fail(11310, "button \(name) in a form needs form_action_type submit or reset")
                    }
                } else if behaviors.isEmpty || element["form_action_type"] != nil {
                    return fail(11310, "a button outside a form needs callback behaviors and no form_action_type")
                }
            }
            if tag == "input" {
                if element["required"] != nil && form == nil {
                    return fail(11310, "required is only allowed in a form")
                }
                if let limit = element["max_length"] {
                    guard let limit = limit as? Int, (1...FakeCardRules.maxInputLength).contains(limit) else {
                        return fail(11310, "max_length must be 1 to 1000")
                    }
                }
                if let type = element["input_type"] as? String,
                    !["text", "multiline_text", "password"].contains(type)
                {
                    return fail(11310, "unknown input_type \(type)")
                }
            }
        }
    }

    static func hasSubmit(_ elements: [Any]) -> Bool {
        elements.contains { element in
            guard let element = element as? [String: Any] else { return false }
            if element["tag"] as? String == "button", element["form_action_type"] as? String == "submit" { return true }
            let nested =
                (element["elements"] as? [Any] ?? [])
                + (element["columns"] as? [[String: Any]] ?? []).flatMap { $0["elements"] as? [Any] ?? [] }
            return hasSubmit(nested)
        }
    }
}
