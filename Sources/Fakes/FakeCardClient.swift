import Foundation

/// What a Lark client does when someone taps a button on a card: it builds the callback's
/// `action` from the card itself. Tapping a form's submit button sends every named input of
/// that form in `form_value` (inputs left empty are not sent), after the client's own checks:
/// a `required` input left empty stops the submit, and no input takes more than its
/// `max_length` (default 1000) characters. A button outside a form sends only its callback
/// `value`, and nothing typed anywhere reaches the service.
public enum FakeCardClient {
    public enum Refusal: Error, Equatable, Sendable {
        case noSuchButton(String)
        case requiredInputEmpty(String)
        case inputTooLong(String)
        case notAForm(String)
    }

    /// The callback's `action` object for tapping the button named `button` with `typed` text
    /// in the card's inputs, by input name.
    public static func press(_ button: String, on content: String, typing typed: [String: String] = [:])
        throws(Refusal) -> [String: Any]
    {
        let card = (try? JSONSerialization.jsonObject(with: Data(content.utf8))) as? [String: Any] ?? [:]
        let elements = (card["body"] as? [String: Any])?["elements"] as? [[String: Any]] ?? []
        for element in elements {
            if element["tag"] as? String == "form" {
                let inside = flatten(element["elements"] as? [[String: Any]] ?? [])
                guard let found = inside.first(where: { isButton($0, named: button) }) else { continue }
                guard found["form_action_type"] as? String == "submit" else { throw .notAForm(button) }
                var formValue: [String: String] = [:]
                for input in inside where input["tag"] as? String == "input" {
                    guard let name = input["name"] as? String else { continue }
                    let text = typed[name] ?? (input["default_value"] as? String ?? "")
                    if text.isEmpty, input["required"] as? Bool == true { throw .requiredInputEmpty(name) }
                    if text.count > (input["max_length"] as? Int ?? 1000) { throw .inputTooLong(name) }
                    if !text.isEmpty { formValue[name] = text }
                }
                return action(found, button: button, formValue: formValue)
            }
            if let found = flatten([element]).first(where: { isButton($0, named: button) }) {
                guard typed.isEmpty else { throw .notAForm(button) }
                return action(found, button: button, formValue: nil)
            }
        }
        throw .noSuchButton(button)
    }

    private static func action(_ button: [String: Any], button name: String, formValue: [String: String]?)
        -> [String: Any]
    {
        var action: [String: Any] = ["tag": "button", "name": name, "timezone": "Asia/Singapore"]
        let behaviors = button["behaviors"] as? [[String: Any]] ?? []
        if let value = behaviors.first(where: { $0["type"] as? String == "callback" })?["value"] {
            action["value"] = value
        }
        if let formValue { action["form_value"] = formValue }
        return action
    }

    private static func isButton(_ element: [String: Any], named name: String) -> Bool {
        element["tag"] as? String == "button" && element["name"] as? String == name
    }

    /// Every component under `elements`, through columns and containers (not into another form).
    private static func flatten(_ elements: [[String: Any]]) -> [[String: Any]] {
        elements.flatMap { element -> [[String: Any]] in
            let nested =
                (element["elements"] as? [[String: Any]] ?? [])
                + (element["columns"] as? [[String: Any]] ?? []).flatMap { $0["elements"] as? [[String: Any]] ?? [] }
            return [element] + flatten(nested)
        }
    }
}
