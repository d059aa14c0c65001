import Application
import Domain
import Foundation
import Hummingbird

/// Resolves the `__Host-kopi_session` cookie to a ``Caller``. Sessions are never taken from a
/// query string, form field or other header.
public struct SessionAuthenticator: Sendable {
    public static let cookieName = "__Host-kopi_session"
    let signIn: SignInService

    /// The caller, or nil without a valid session or without any remaining membership.
    func caller(_ request: Request) async throws -> Caller? {
        guard let token = Self.sessionToken(request), let current = try await signIn.current(sessionToken: token) else {
            return nil
        }
        let memberships = current.memberships
        guard
            let active = memberships.first(where: { $0.tenantID == current.session.activeTenantID })
                ?? memberships.first
        else {
            try await signIn.signOutEverywhere(current.user.id)
            return nil
        }
        return Caller(
            user: current.user, tenantID: active.tenantID, role: active.role, memberships: memberships,
            sessionToken: token)
    }

    func require(_ request: Request, role: Role = .viewer) async throws -> Caller {
        guard let caller = try await caller(request) else { throw APIError.unauthenticated }
        try caller.require(role)
        return caller
    }

    static func sessionToken(_ request: Request) -> String? {
        request.cookie(named: cookieName).flatMap { $0.count <= 100 ? $0 : nil }
    }

    static func setCookie(_ token: String, maxAge: Int) -> String {
        "\(cookieName)=\(token); Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=\(maxAge)"
    }

    static let clearCookie = "\(cookieName)=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"
}
