import Application
import Domain
import Foundation

/// The Lark connection as the API shows it: secrets only as "configured".
struct ConnectionView: Encodable {
    struct Webhooks: Encodable {
        let events: String
        let card: String
    }

    let connected: Bool
    let domain: String
    let appId: String?
    let appSecret: String?
    let encryptKey: String?
    let verificationToken: String?
    let updatedAt: Date?
    let webhooks: Webhooks
    let steps: [String]

    init(_ status: LarkConnectionService.Status) {
        let connection = status.connection
        connected = connection != nil
        domain = status.tenant.larkDomain.rawValue
        appId = connection?.appID
        appSecret = connection.map { $0.appSecret.isEmpty ? nil : "configured" } ?? nil
        encryptKey = connection.map { $0.encryptKey.isEmpty ? nil : "configured" } ?? nil
        verificationToken = connection.map { $0.verificationToken.isEmpty ? nil : "configured" } ?? nil
        updatedAt = connection?.updatedAt
        webhooks = Webhooks(events: status.eventsURL, card: status.cardURL)
        steps = Self.steps(status)
    }

    /// What to do in Lark's developer console, in order. Each step is one Lark needs: without the
    /// bot capability no card can be sent (230006), an approver outside the availability range
    /// gets none (230013), and without `card.action.trigger` under callbacks a tap errors (200340).
    static func steps(_ status: LarkConnectionService.Status) -> [String] {
        let platform = status.tenant.larkDomain == .feishu ? "Feishu" : "Lark"
        return [
            "Open your custom app in the \(platform) developer console.",
            "Features → Add Features: add the Bot capability (Kopi sends its cards as the app's bot).",
            "Events & Callbacks → Encryption Strategy: set an Encrypt Key and copy it and the Verification Token here.",
            "Events & Callbacks → Event Configuration: choose \"Send events to developer's server\" and paste \(status.eventsURL)",
            "Add the events approval_instance and approval_task (Approval).",
            "Events & Callbacks → Callback Configuration: paste \(status.cardURL) as the callback request URL and add the callback card.action.trigger (card interaction).",
            "Permissions & Scopes: grant approval read/write (approval:approval) and sending messages as the app (im:message:send_as_bot).",
            "Version Management & Release → Availability: include every approver (all members, or the finance approvers' departments); a card to anyone outside it fails and the audit page says so.",
            "Create a version and publish it: Lark applies events, callbacks, scopes and availability only from a published version.",
        ]
    }
}
