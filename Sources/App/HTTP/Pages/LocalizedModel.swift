import Application
import Domain
import Mustache

/// A page's model with the language around it: `t` (every phrase of the language by key),
/// `lang` (its tag), and what the language form needs (the other language and the path to
/// return to). Everything else is the page's own model.
struct LocalizedModel: MustacheParent {
    let model: Any
    let language: Language
    let returnPath: String

    /// Each language's phrase table, built once.
    private static let tables: [Language: [String: String]] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { ($0, Localizer($0).table) })

    func child(named name: String) -> Any? {
        switch name {
        case "t": return Self.tables[language]
        case "lang": return language.rawValue
        case "otherLanguage": return language == .english ? Language.chinese.rawValue : Language.english.rawValue
        case "returnPath": return returnPath
        default:
            if let parent = model as? any MustacheParent { return parent.child(named: name) }
            guard let value = Mirror(reflecting: model).children.first(where: { $0.label == name })?.value else {
                return nil
            }
            return PageModel.unwrapped(value)
        }
    }
}
