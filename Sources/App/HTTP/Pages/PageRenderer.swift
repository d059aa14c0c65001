import Application
import Domain
public import HTTPTypes
public import Hummingbird
import Mustache
import NIOCore

/// Renders a template into an HTML response with the page CSP: scripts and styles only from
/// Kopi itself, forms only to Kopi, no framing. Signed-in pages are never cached.
public enum PageRenderer {
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Renders in the request's language (``PageLanguage``): the template reads its phrases as
    /// `{{t.key}}` and the language's tag as `{{lang}}`.
    public static func render(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        let language = PageLanguage.current
        let html = Self.html(template, model)
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
        response.headers[.contentLanguage] = language.rawValue
        response.headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The page's HTML in the request's language.
    static func html(_ template: String, _ model: Any) -> String {
        let localized = LocalizedModel(model: model, language: PageLanguage.current, returnPath: PageLanguage.path)
        return PageTemplates.library.render(localized, withTemplate: template) ?? "template \(template) is missing"
    }

    /// 303 See Other: the answer to a successful form post.
    public static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
