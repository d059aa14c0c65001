import Adapters
import Crypto
import Domain
import Foundation
import HTTPTypes

/// A signed-in person acting in one of their workspaces, as resolved from the session cookie on
/// this request. Membership is re-read on every request, so a removed member loses access at once.
struct Caller: Sendable {
    let user: User
    let tenantID: TenantID
    let role: Role
    let memberships: [Member]
    /// The cookie value.
    let sessionToken: String
    /// The synchronizer token of this session's HTML forms: an HMAC of a fixed label under the
    /// session token, so it needs no storage and dies with the session.
    let csrfToken: String

    init(user: User, tenantID: TenantID, role: Role, memberships: [Member], sessionToken: String) {
        self.user = user
        self.tenantID = tenantID
        self.role = role
        self.memberships = memberships
        self.sessionToken = sessionToken
        csrfToken = Self.csrfToken(sessionToken: sessionToken)
    }

    func require(_ needed: Role) throws {
        guard role.allows(needed) else { throw APIError.forbidden }
    }

    static func csrfToken(sessionToken: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("kopi-csrf".utf8), using: SymmetricKey(data: Data(sessionToken.utf8)))
        return Base64URL.encode(Array(mac))
    }

    func verifyCSRF(_ token: String?) throws {
        guard let token, ConstantTime.equal(token, csrfToken) else { throw APIError(status: .forbidden, code: "csrf_token_invalid", message: "The form expired; reload the page and try again.") }
    }
}
