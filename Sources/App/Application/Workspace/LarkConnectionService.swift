public import Domain
import Foundation
import Logging
public import Ports

/// Connecting a workspace's Lark app: credentials are verified with Lark (a tenant token is
/// obtained) before they are stored sealed. Secrets are write-only: reads say only whether each
/// is configured.
public struct LarkConnectionService: Sendable {
    let storage: any Storage
    let lark: any LarkGateway
    let runtime: Runtime
    let pushKeys: PushKeyCache

    /// What an admin enters; also the API's request body.
    public struct Input: Sendable, Decodable {
        public var domain: String?
        public var appID: String?
        public var appSecret: String?
        public var encryptKey: String?
        public var verificationToken: String?

        public init(
            domain: String?, appID: String?, appSecret: String?, encryptKey: String?, verificationToken: String?
        ) {
            self.domain = domain
            self.appID = appID
            self.appSecret = appSecret
            self.encryptKey = encryptKey
            self.verificationToken = verificationToken
        }

        public enum CodingKeys: String, CodingKey {
            case domain
            case appID = "appId"
            case appSecret, encryptKey, verificationToken
        }
    }

    public struct Status: Sendable {
        public let tenant: Tenant
        public let connection: LarkConnection?
        public let eventsURL: String
        public let cardURL: String
    }

    public func status(_ caller: Caller) async throws -> Status {
        let (tenant, connection) = try await storage.withTenant(caller.tenantID) { scope in
            (try await scope.tenant.tenant(), try await scope.tenant.larkConnection())
        }
        return status(tenant, connection)
    }

    private func status(_ tenant: Tenant, _ connection: LarkConnection?) -> Status {
        let base = runtime.baseURL
        return Status(
            tenant: tenant, connection: connection, eventsURL: "\(base)/lark/\(tenant.endpointID)/events",
            cardURL: "\(base)/lark/\(tenant.endpointID)/card")
    }

    /// Verifies and stores the credentials. Secrets left empty keep their stored values when a
    /// connection exists.
    public func connect(_ input: Input, caller: Caller) async throws -> Status {
        try caller.require(.admin)
        let current = try await status(caller)
        var problems: [String] = []
        let domain: LarkDomain
        if let text = input.domain?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty {
            if let parsed = LarkDomain(rawValue: text), LarkDomain.connectable.contains(parsed) {
                domain = parsed
            } else {
                domain = current.tenant.larkDomain
                problems.append("domain: choose lark (larksuite.com) or feishu (feishu.cn).")
            }
        } else {
            domain = current.tenant.larkDomain == .demo ? .lark : current.tenant.larkDomain
        }
        func secret(_ text: String?, _ field: LarkConnection.Field) -> Secret {
            let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            // A demo workspace's simulated credentials are never carried over to a real app.
            let kept = current.tenant.larkDomain == .demo ? nil : current.connection?.secret(field)
            return trimmed.isEmpty ? (kept ?? Secret("")) : Secret(trimmed)
        }
        let appID = input.appID?.trimmingCharacters(in: .whitespaces) ?? current.connection?.appID ?? ""
        let connection = LarkConnection(
            tenantID: caller.tenantID, appID: appID, appSecret: secret(input.appSecret, .appSecret),
            encryptKey: secret(input.encryptKey, .encryptKey),
            verificationToken: secret(input.verificationToken, .verificationToken),
            updatedAt: runtime.clock.now())
        problems += LarkConnection.problems(
            appID: appID, appSecret: connection.appSecret, encryptKey: connection.encryptKey,
            verificationToken: connection.verificationToken)
        if appID.count > 64 { problems.append("App ID is too long.") }
        guard problems.isEmpty else { throw ApplicationError.invalidInput(problems) }

        var tenant = current.tenant
        tenant.larkDomain = domain
        do {
            try await lark.verifyCredentials(LarkApp(tenant: tenant, connection: connection))
        } catch {
            throw Self.explain(error)
        }
        try await storage.withTenant(caller.tenantID) { [tenant] scope in
            try await scope.tenant.update(tenant)
            try await scope.tenant.saveLarkConnection(connection)
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil,
                    at: runtime.clock.now(),
                    actor: caller.user.email.value, action: .connectionChanged,
                    detail: ["change": "connected", "app_id": appID]))
        }
        pushKeys.forget(tenant: caller.tenantID)
        runtime.logger.info("lark connection saved", metadata: ["tenant": "\(caller.tenantID)"])
        return status(tenant, connection)
    }

    public func disconnect(_ caller: Caller) async throws {
        try caller.require(.admin)
        try await storage.withTenant(caller.tenantID) { scope in
            try await scope.tenant.deleteLarkConnection()
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil,
                    at: runtime.clock.now(),
                    actor: caller.user.email.value, action: .connectionChanged, detail: ["change": "disconnected"]))
        }
        pushKeys.forget(tenant: caller.tenantID)
    }

    /// A Lark failure as an answer the admin can act on.
    public static func explain(_ error: LarkError) -> ApplicationError {
        switch error.kind {
        case .invalidCredentials:
            ApplicationError(
                .invalidInput, code: "lark_credentials_rejected",
                message:
                    "Lark refused this App ID and App Secret. Copy both again from the app's Credentials page in the Lark developer console."
            )
        case .permissionDenied:
            ApplicationError(
                .invalidInput, code: "lark_permission_denied",
                message:
                    "The Lark app lacks a permission Kopi needs (approval read/write and messaging). Add the scopes and publish a new version."
            )
        case .notFound:
            ApplicationError(.invalidInput, code: "lark_not_found", message: "Lark does not know this approval code.")
        default:
            ApplicationError(
                .upstreamFailed, code: "lark_unavailable",
                message: "Lark could not be reached (\(error)). Nothing was changed; try again in a minute.")
        }
    }
}
