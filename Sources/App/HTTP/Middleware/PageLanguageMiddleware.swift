public import Application
public import Domain
import Hummingbird

/// Chooses the language of the pages a request renders: the person's own choice (a cookie the
/// language form sets, and their account's setting once signed in, applied by ``PageChrome``),
/// else the browser's `Accept-Language`, else English. API, webhook and asset requests skip it.
struct PageLanguageMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        guard !path.hasPrefix("/api/"), !path.hasPrefix("/lark/"), !path.hasPrefix("/assets/") else {
            return try await next(request, context)
        }
        return try await PageLanguage.$current.withValue(PageLanguage.chosen(request)) {
            try await PageLanguage.$path.withValue(path) { try await next(request, context) }
        }
    }
}

/// The language the current request's pages are written in, and where the language form
/// returns to.
public enum PageLanguage {
    @TaskLocal public static var current: Language = .english
    @TaskLocal static var path: String = "/"

    /// The cookie that remembers a browser's choice, for a year.
    static let cookieName = "kopi_lang"

    static func chosen(_ request: Request) -> Language {
        request.cookie(named: cookieName).flatMap(Language.init(rawValue:))
            ?? Language.preferred(acceptLanguage: request.headers[.acceptLanguage]) ?? .english
    }

    static func setCookie(_ language: Language) -> String {
        "\(cookieName)=\(language.rawValue); Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000"
    }

    /// The phrases of the current language.
    public static var localizer: Localizer { Localizer(current) }
}
