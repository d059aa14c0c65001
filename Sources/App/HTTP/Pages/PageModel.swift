import Application
public import Mustache

/// What a page's template sees: the page's own model (a struct) in front of the chrome every
/// signed-in page shows. Fields are found by name, front layer first; an optional that is nil is
/// absent, so the template's section for it is skipped.
public struct PageModel: MustacheParent {
    let layers: [Any]

    /// `layers` are searched from the last to the first.
    public init(_ content: Any, chrome: ChromeModel? = nil, also: [Any] = []) {
        layers = (chrome.map { [$0] } ?? []) + also + [content]
    }

    public func child(named name: String) -> Any? {
        for layer in layers.reversed() {
            if let value = Mirror(reflecting: layer).children.first(where: { $0.label == name })?.value {
                return Self.unwrapped(value)
            }
        }
        return nil
    }

    static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map(\.value)
    }
}

/// The chrome of a signed-in page: the navigation (with the current section), who is signed
/// in, the forms' CSRF token, and a fixed confirmation after a form post.
public struct ChromeModel: Sendable {
    public struct Nav: Sendable {
        let email: String
        let workspace: String
        let csrf: String
        var approvals = false
        var rules = false
        var report = false
        var settings = false
    }

    let nav: Nav
    let csrf: String
    let flash: String?
}

/// A failure shown above a form: the sentence and every problem.
public struct ErrorModel: Sendable {
    let message: String
    let problems: [String]
    let hasProblems: Bool

    /// The sentence in the page's language for the common errors; the problems as the check that
    /// found them wrote them.
    public init(_ error: APIError) {
        message = Self.sentence(error)
        problems = error.problems.map { Catalogue.problem($0, PageLanguage.localizer) }
        hasProblems = !error.problems.isEmpty
    }

    /// The error's sentence in the page's language when its code is a common one.
    static func sentence(_ error: APIError) -> String {
        phrases[error.code].map { PageLanguage.localizer($0) } ?? error.message
    }

    private static let phrases: [String: Phrase] = [
        "invalid_input": .errorInvalidInput, "forbidden": .errorForbidden, "not_found": .errorNotFound,
        "rate_limited": .errorRateLimited, "lark_not_connected": .errorLarkNotConnected,
        "csrf_token_invalid": .errorCSRF, "last_admin": .errorLastAdmin, "flow_exists": .errorFlowExists,
        "lark_not_found": .errorLarkNotFound, "job_waiting": .errorJobWaiting,
        "ai_not_configured": .errorAINotConfigured,
        "ai_unavailable": .errorAIUnavailable, "pdf_reader_unavailable": .errorPDFReader,
        "proposal_not_open": .errorProposalNotOpen, "erase_self": .errorEraseSelf,
        "invalid_currency": .errorInvalidCurrency, "invalid_rate": .errorInvalidRate, "invalid_day": .errorInvalidDay,
    ]
}

/// A page with one message and one link (not found, an expired link…).
struct MessagePage: Sendable {
    struct Link: Sendable {
        let href: String
        let label: String
    }

    struct Nav: Sendable {
        let email: String
        let csrf: String
    }

    let heading: String
    let text: String
    let link: Link
    var nav: Nav? = nil
}

/// One `<option>` of a select.
struct OptionModel: Sendable {
    let value: String
    let label: String
    let selected: Bool
}
