public import Foundation

/// A tenant's own Lark custom app. The three credentials are ``Secret``s: storage adapters seal
/// them before they touch a database, and API responses only ever say that they are configured.
public struct LarkConnection: Sendable, Hashable {
    public let tenantID: TenantID
    public var appID: String
    public var appSecret: Secret
    public var encryptKey: Secret
    public var verificationToken: Secret
    public var updatedAt: Date

    public init(
        tenantID: TenantID, appID: String, appSecret: Secret, encryptKey: Secret,
        verificationToken: Secret, updatedAt: Date
    ) {
        self.tenantID = tenantID
        self.appID = appID
        self.appSecret = appSecret
        self.encryptKey = encryptKey
        self.verificationToken = verificationToken
        self.updatedAt = updatedAt
    }

    /// The credential fields, named as they are in sealing contexts.
    public enum Field: String, Sendable, CaseIterable {
        case appSecret = "app_secret"
        case encryptKey = "encrypt_key"
        case verificationToken = "verification_token"
    }

    public func secret(_ field: Field) -> Secret {
        switch field {
        case .appSecret: appSecret
        case .encryptKey: encryptKey
        case .verificationToken: verificationToken
        }
    }

    /// Every problem with the input, so a form can show them all at once.
    public static func problems(appID: String, appSecret: Secret, encryptKey: Secret, verificationToken: Secret)
        -> [String]
    {
        var problems: [String] = []
        if appID.trimmingWhitespace().isEmpty { problems.append("App ID is required.") }
        if appSecret.isEmpty { problems.append("App Secret is required.") }
        if encryptKey.isEmpty {
            problems.append("Encrypt Key is required: without it Lark's signature authenticates nothing.")
        }
        if verificationToken.isEmpty { problems.append("Verification Token is required.") }
        return problems
    }
}
