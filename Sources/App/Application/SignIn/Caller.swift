import Crypto
public import Domain
import Foundation

/// A signed-in person acting in one of their workspaces, as resolved from the session cookie on
/// this request. Membership is re-read on every request, so a removed member loses access at once.
public struct Caller: Sendable {
    public let user: User
    public let tenantID: TenantID
    public let role: Role
    public let memberships: [Member]
    /// The cookie value.
    public let sessionToken: String
    /// The synchronizer token of this session's HTML forms: an HMAC of a fixed label under the
    /// session token, so it needs no storage and dies with the session.
    public let csrfToken: String

    public init(user: User, tenantID: TenantID, role: Role, memberships: [Member], sessionToken: String) {
        self.user = user
        self.tenantID = tenantID
        self.role = role
        self.memberships = memberships
        self.sessionToken = sessionToken
        csrfToken = Self.csrfToken(sessionToken: sessionToken)
    }

    public func require(_ needed: Role) throws {
        guard role.allows(needed) else { throw ApplicationError.forbidden }
    }

    public static func csrfToken(sessionToken: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("kopi-csrf".utf8), using: SymmetricKey(data: Data(sessionToken.utf8)))
        return Base64URL.encode(Array(mac))
    }

    public func verifyCSRF(_ token: String?) throws {
        guard let token, ConstantTime.equal(token, csrfToken) else { throw ApplicationError.csrfTokenInvalid }
    }
}
