import Application
import Mustache

/// The dashboard's Mustache templates, compiled once. They live in Swift files so the binary
/// carries them; `{{ }}` escapes HTML, and only charts built by ``SVGChart`` use `{{{ }}}`.
enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let templates = [
            "layout": layout, "sign-in": signIn, "confirm": confirm, "approvals": approvals, "approval": approval,
            "rules": rules, "report": report, "settings": settings, "flow": flow, "message": message, "demo": demo,
            "inbox": inbox, "mirror": mirror,
        ]
        for (name, text) in templates {
            do { try library.register(text, named: name) } catch {
                fatalError("template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    static let message = """
        {{<layout}}
        {{$title}}{{heading}}{{/title}}
        {{$content}}
        <section class="card narrow"><h1>{{heading}}</h1><p>{{text}}</p>{{#link}}<p><a href="{{href}}">{{label}}</a></p>{{/link}}</section>
        {{/content}}
        {{/layout}}
        """
}
