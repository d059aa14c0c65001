import Domain
import Foundation
import HTTPTypes
import Logging
import Ports

/// Connecting a workspace's Lark app: credentials are verified with Lark (a tenant token is
/// obtained) before they are stored sealed. Secrets are write-only: reads say only whether each
/// is configured.
struct LarkConnectionService: Sendable {
    let services: AppServices

    /// What an admin enters; also the API's request body.
    struct Input: Sendable, Decodable {
        var domain: String?
        var appID: String?
        var appSecret: String?
        var encryptKey: String?
        var verificationToken: String?

        enum CodingKeys: String, CodingKey {
            case domain, appID = "appId", appSecret, encryptKey, verificationToken
        }
    }

    struct Status: Sendable {
        let tenant: Tenant
        let connection: LarkConnection?
        let eventsURL: String
        let cardURL: String
    }

    func status(_ caller: Caller) async throws -> Status {
        let (tenant, connection) = try await services.storage.withTenant(caller.tenantID) { scope in
            (try await scope.tenant.tenant(), try await scope.tenant.larkConnection())
        }
        return status(tenant, connection)
    }

    private func status(_ tenant: Tenant, _ connection: LarkConnection?) -> Status {
        let base = services.publicURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return Status(
            tenant: tenant, connection: connection, eventsURL: "\(base)/lark/\(tenant.endpointID)/events",
            cardURL: "\(base)/lark/\(tenant.endpointID)/card")
    }

    /// Verifies and stores the credentials. Secrets left empty keep their stored values when a
    /// connection exists.
    func connect(_ input: Input, caller: Caller) async throws -> Status {
        try caller.require(.admin)
        let current = try await status(caller)
        var problems: [String] = []
        let domain: LarkDomain
        if let text = input.domain?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty {
            if let parsed = LarkDomain(rawValue: text), LarkDomain.connectable.contains(parsed) { domain = parsed } else {
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
            encryptKey: secret(input.encryptKey, .encryptKey), verificationToken: secret(input.verificationToken, .verificationToken),
            updatedAt: services.clock.now())
        problems += LarkConnection.problems(
            appID: appID, appSecret: connection.appSecret, encryptKey: connection.encryptKey,
            verificationToken: connection.verificationToken)
        if appID.count > 64 { problems.append("App ID is too long.") }
        guard problems.isEmpty else { throw APIError.invalidInput(problems) }

        var tenant = current.tenant
        tenant.larkDomain = domain
        do {
            try await services.lark.verifyCredentials(LarkApp(tenant: tenant, connection: connection))
        } catch {
            throw Self.explain(error)
        }
        try await services.storage.withTenant(caller.tenantID) { [tenant] scope in
            try await scope.tenant.update(tenant)
            try await scope.tenant.saveLarkConnection(connection)
            try await scope.approvals.appendAudit(AuditEntry(
                id: services.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil, at: services.clock.now(),
                actor: caller.user.email.value, action: .connectionChanged, detail: ["change": "connected", "app_id": appID]))
        }
        services.logger.info("lark connection saved", metadata: ["tenant": "\(caller.tenantID)"])
        return status(tenant, connection)
    }

    func disconnect(_ caller: Caller) async throws {
        try caller.require(.admin)
        try await services.storage.withTenant(caller.tenantID) { scope in
            try await scope.tenant.deleteLarkConnection()
            try await scope.approvals.appendAudit(AuditEntry(
                id: services.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil, at: services.clock.now(),
                actor: caller.user.email.value, action: .connectionChanged, detail: ["change": "disconnected"]))
        }
    }

    /// A Lark failure as an answer the admin can act on.
    static func explain(_ error: LarkError) -> APIError {
        switch error.kind {
        case .invalidCredentials:
            APIError(
                status: .unprocessableContent, code: "lark_credentials_rejected",
                message: "Lark refused this App ID and App Secret. Copy both again from the app's Credentials page in the Lark developer console.")
        case .permissionDenied:
            APIError(
                status: .unprocessableContent, code: "lark_permission_denied",
                message: "The Lark app lacks a permission Kopi needs (approval read/write and messaging). Add the scopes and publish a new version.")
        case .notFound:
            APIError(status: .unprocessableContent, code: "lark_not_found", message: "Lark does not know this approval code.")
        default:
            APIError(
                status: .badGateway, code: "lark_unavailable",
                message: "Lark could not be reached (\(error)). Nothing was changed; try again in a minute.")
        }
    }
}
