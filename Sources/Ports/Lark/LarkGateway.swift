public import Domain
public import Foundation

/// Kopi's calls to a tenant's Lark (or Feishu) Open Platform app. Every call reads Lark's `code`
/// (errors also arrive with HTTP 200) and fails with a ``LarkError``. Tenant access tokens are the
/// adapter's business: cached per tenant until shortly before expiry, refreshed once at a time,
/// and refreshed and retried once when Lark says the token is invalid.
public protocol LarkGateway: Sendable {
    /// Obtains a tenant access token, proving the App ID and App Secret work.
    func verifyCredentials(_ app: LarkApp) async throws(LarkError)
    func approvalDefinition(_ approvalCode: String, app: LarkApp) async throws(LarkError) -> LarkApprovalDefinition
    /// Subscribes the app to the definition's events; "already subscribed" (1390007) is success.
    func subscribe(_ approvalCode: String, app: LarkApp) async throws(LarkError)
    func instance(_ instanceCode: String, app: LarkApp) async throws(LarkError) -> LarkInstance
    /// Codes of instances of a definition created in `[from, to)`, following every page.
    func instanceCodes(_ approvalCode: String, from: Date, to: Date, app: LarkApp) async throws(LarkError) -> [String]
    /// Downloads an attachment into memory: no Authorization header, https only (loopback
    /// excepted), allow-listed hosts, size and redirect caps.
    func download(_ reference: AttachmentReference, maxBytes: Int) async throws(LarkError) -> FetchedAttachment
    /// Sends an interactive card; `idempotencyKey` is Lark's message `uuid` (one send per key per hour).
    func sendCard(_ card: String, to openID: String, idempotencyKey: String, app: LarkApp) async throws(LarkError)
        -> String
    /// Replaces a sent card (`PATCH` by message id): only within 14 days of sending, at most 5 a
    /// second per message, 30 KB at most.
    func patchCard(messageID: String, card: String, app: LarkApp) async throws(LarkError)
    /// Replaces a tapped card with a callback's update token: only after the callback was
    /// answered, within 30 minutes, at most twice per token.
    func updateCard(token: Secret, card: String, app: LarkApp) async throws(LarkError)
    func decide(_ decision: LarkTaskDecision, app: LarkApp) async throws(LarkError)
    /// Adds a comment to an instance as `authorOpenID`, with Lark's approval bot notifying
    /// (`disable_bot: false`, right for the company's own approval definitions). With a mention
    /// the text starts with `@name`, which Lark turns into an @ of that person. Returns the
    /// comment id.
    func addComment(instanceCode: String, authorOpenID: String, text: String, mentioning: LarkMention?, app: LarkApp)
        async throws(LarkError) -> String
}

/// Someone an instance comment @-mentions, so Lark notifies them.
public struct LarkMention: Hashable, Sendable {
    public let openID: String
    /// The text shown for the mention.
    public let name: String

    public init(openID: String, name: String) {
        self.openID = openID
        self.name = name
    }
}

/// What a gateway needs to act for one tenant.
public struct LarkApp: Hashable, Sendable {
    public let tenantID: TenantID
    public let domain: LarkDomain
    public let appID: String
    public let appSecret: Secret

    public init(tenantID: TenantID, domain: LarkDomain, appID: String, appSecret: Secret) {
        self.tenantID = tenantID
        self.domain = domain
        self.appID = appID
        self.appSecret = appSecret
    }
}

/// Approve or reject one task as its approver.
public struct LarkTaskDecision: Hashable, Sendable {
    public enum Action: String, Sendable { case approve, reject }

    public let action: Action
    public let approvalCode: String
    public let instanceCode: String
    public let taskID: String
    public let approverOpenID: String
    public let comment: String?

    public init(
        action: Action, approvalCode: String, instanceCode: String, taskID: String, approverOpenID: String,
        comment: String?
    ) {
        self.action = action
        self.approvalCode = approvalCode
        self.instanceCode = instanceCode
        self.taskID = taskID
        self.approverOpenID = approverOpenID
        self.comment = comment
    }
}

extension LarkApp {
    public init(tenant: Tenant, connection: LarkConnection) {
        self.init(
            tenantID: tenant.id, domain: tenant.larkDomain, appID: connection.appID, appSecret: connection.appSecret)
    }
}

extension TenantStore {
    /// What the gateway needs to act for this tenant, or nil when no Lark app is connected.
    public func larkApp() async throws -> LarkApp? {
        guard let connection = try await larkConnection() else { return nil }
        return LarkApp(tenant: try await tenant(), connection: connection)
    }
}
