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
    static func steps(_ status: LarkConnectionService.Status, localizer t: Localizer = Localizer(.english)) -> [String]
    {
        let platform = t(status.tenant.larkDomain == .feishu ? .platformFeishu : .platformLark)
        return [
            t(.stepOpenApp, ["platform": platform]), t(.stepBot), t(.stepEncrypt),
            t(.stepEvents, ["url": status.eventsURL]),
            t(.stepEventNames), t(.stepCallback, ["url": status.cardURL]), t(.stepScopes), t(.stepAvailability),
            t(.stepPublish),
        ]
    }
}
