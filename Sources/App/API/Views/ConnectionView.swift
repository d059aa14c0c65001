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

    /// What to do in Lark's developer console, in order.
    static func steps(_ status: LarkConnectionService.Status) -> [String] {
        [
            "Open your custom app in the \(status.tenant.larkDomain == .feishu ? "Feishu" : "Lark") developer console.",
            "Events & Callbacks → Encryption Strategy: set an Encrypt Key and copy it and the Verification Token here.",
            "Events & Callbacks → Event Configuration: choose \"Send events to developer's server\" and paste \(status.eventsURL)",
            "Add the events approval_instance and approval_task (Approval).",
            "Events & Callbacks → Callback Configuration: paste \(status.cardURL) as the card request URL.",
            "Permissions: grant approval read/write and send messages as the app; then publish a new app version.",
        ]
    }
}
