import Application
import Domain
import Foundation
import HTTP
import Hummingbird
import Ports

/// `/demo` ("Show me a demo") and `/demo/inbox`, the simulated Lark inbox whose buttons go
/// through Kopi's real card callback.
struct DemoPages: Sendable {
    let chrome: PageChrome
    let demo: DemoLark
    let services: AppServices

    func register(on router: Router<KopiRequestContext>) {
        router.get("demo") { request, _ in
            try await chrome.page(request) { caller in
                let (connection, flows) = try await services.storage.withTenant(caller.tenantID) { scope in
                    (try await scope.tenant.larkConnection(), try await scope.approvals.flows())
                }
                let page = StartPage(
                    canStart: caller.role == .admin && connection == nil && flows.isEmpty,
                    reason: PageLanguage.localizer(caller.role != .admin ? .demoAdminOnly : .demoFreshOnly))
                let chrome = try await chrome.model(caller, section: .approvals, request: request)
                return PageRenderer.render("demo", PageModel(page, chrome: chrome))
            }
        }
        router.post("demo") { request, _ in
            try await chrome.post(
                request,
                { caller, _ in
                    let seeder = DemoSeeder(services: services, demo: demo)
                    try await seeder.prepare(caller)
                    await demo.start(caller.tenantID) { await seeder.populate(caller.tenantID) }
                    return PageRenderer.redirect("/demo/inbox?done=demo")
                },
                failed: { caller, error in
                    let chrome = try await chrome.model(caller, section: .approvals, request: request)
                    return PageRenderer.render(
                        "demo", PageModel(StartPage(canStart: false, reason: error.message), chrome: chrome),
                        status: error.status)
                })
        }
        router.get("demo/inbox") { request, _ in
            try await chrome.page(request) { caller in
                PageRenderer.render("inbox", try await inboxModel(caller, request: request, toast: nil))
            }
        }
        router.post("demo/inbox") { request, _ in
            try await chrome.post(
                request,
                { caller, form in
                    guard let appID = await demo.appID(for: caller.tenantID) else {
                        throw ApplicationError(
                            .conflict, code: "no_demo", message: "This workspace has no demo running.")
                    }
                    let messageID = form.text("message")
                    guard let card = await demo.lark.cards(appID: appID).first(where: { $0.messageID == messageID }),
                        let submissionID = DemoInbox.submissionID(in: card.original),
                        ["approve", "reject", "ask_for_info"].contains(form.text("choice"))
                    else { throw ApplicationError.notFound }
                    let answer = try await DemoSeeder(services: services, demo: demo).tap(
                        messageID: messageID, submissionID: submissionID, choice: form.text("choice"),
                        reason: form.text("reason"), appID: appID, tenantID: caller.tenantID,
                        eventID: DemoIDs.stable(.eventID, services.randomness.uuid().uuidString))
                    return PageRenderer.render(
                        "inbox", try await inboxModel(caller, request: request, toast: answer.message))
                },
                failed: { caller, error in
                    PageRenderer.render(
                        "inbox", try await inboxModel(caller, request: request, toast: nil, error: error),
                        status: error.status)
                })
        }
    }

    func inboxModel(_ caller: Caller, request: Request, toast: String?, error: APIError? = nil) async throws
        -> PageModel
    {
        var page = InboxPage(toast: toast, error: error.map(ErrorModel.init))
        if let progress = await demo.progress(of: caller.tenantID) {
            page.progress = InboxPage.Progress(
                phase: progress.phase, pushed: progress.pushed, total: progress.total, finished: progress.finished,
                failed: progress.failed)
        }
        if let appID = await demo.appID(for: caller.tenantID) {
            let sent = await demo.lark.cards(appID: appID).filter { $0.receiver == DemoScenario.approver }
            page.cards = sent.reversed().map { card in
                DemoInbox.preview(
                    card.content, messageID: card.messageID,
                    submissionID: DemoInbox.submissionID(in: card.original) ?? "",
                    csrf: caller.csrfToken)
            }
        }
        return PageModel(page, chrome: try await chrome.model(caller, section: .approvals, request: request))
    }
}

/// `/demo`: whether this workspace can get the demo, and why not.
struct StartPage: Sendable {
    let canStart: Bool
    let reason: String
}

/// `/demo/inbox`: the simulated Lark inbox, newest card first, with the demo's progress.
struct InboxPage: Sendable {
    struct Progress: Sendable {
        let phase: String
        let pushed: Int
        let total: Int
        let finished: Bool
        let failed: String?
    }

    struct Button: Sendable {
        let choice: String
        let label: String
        let danger: Bool
    }

    struct Card: Sendable {
        let title: String
        let subtitle: String
        let template: String
        let lines: [String]
        let pending: Bool
        /// Whether the card has a reason field (Reject and Ask for info need one).
        let asksReason: Bool
        let buttons: [Button]
        let messageID: String
        let submissionID: String
        let csrf: String
    }

    var toast: String?
    var error: ErrorModel?
    var progress: Progress? = nil
    var cards: [Card] = []
}

/// Reads Kopi's card JSON the way the simulated inbox shows it.
enum DemoInbox {
    static func object(_ content: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(content.utf8))) as? [String: Any] ?? [:]
    }

    static func preview(_ content: String, messageID: String, submissionID: String, csrf: String) -> InboxPage.Card {
        let card = object(content)
        let header = card["header"] as? [String: Any] ?? [:]
        let elements = (card["body"] as? [String: Any])?["elements"] as? [[String: Any]] ?? []
        let lines = elements.compactMap {
            $0["tag"] as? String == "markdown"
                ? ($0["content"] as? String)?.replacingOccurrences(of: "**", with: "") : nil
        }
        let buttons = buttonValues(elements).map {
            InboxPage.Button(choice: $0.choice, label: $0.label, danger: $0.choice == "reject")
        }
        return InboxPage.Card(
            title: (header["title"] as? [String: Any])?["content"] as? String ?? "Card",
            subtitle: (header["subtitle"] as? [String: Any])?["content"] as? String ?? "",
            template: header["template"] as? String ?? "grey", lines: lines, pending: !buttons.isEmpty,
            asksReason: inputNames(elements).contains(CheckCard.reasonField), buttons: buttons,
            messageID: messageID, submissionID: submissionID, csrf: csrf)
    }

    static func buttonValues(_ elements: [[String: Any]]) -> [(choice: String, label: String, submission: String)] {
        elements.flatMap { element -> [(choice: String, label: String, submission: String)] in
            if element["tag"] as? String == "button", let behaviors = element["behaviors"] as? [[String: Any]],
                let value = behaviors.first?["value"] as? [String: String], let choice = value["choice"],
                let submission = value["kopi"]
            {
                return [(choice, (element["text"] as? [String: Any])?["content"] as? String ?? choice, submission)]
            }
            let nested = children(of: element)
            return nested.isEmpty ? [] : buttonValues(nested)
        }
    }

    /// The names of the card's inputs, in forms or columns.
    static func inputNames(_ elements: [[String: Any]]) -> [String] {
        elements.flatMap { element -> [String] in
            if element["tag"] as? String == "input", let name = element["name"] as? String { return [name] }
            return inputNames(children(of: element))
        }
    }

    /// A container's elements: a form's own, a column set's columns' elements.
    private static func children(of element: [String: Any]) -> [[String: Any]] {
        (element["elements"] as? [[String: Any]] ?? [])
            + (element["columns"] as? [[String: Any]] ?? []).flatMap { $0["elements"] as? [[String: Any]] ?? [] }
    }

    static func submissionID(in content: String) -> String? {
        let card = object(content)
        let elements = (card["body"] as? [String: Any])?["elements"] as? [[String: Any]] ?? []
        return buttonValues(elements).first?.submission
    }
}
