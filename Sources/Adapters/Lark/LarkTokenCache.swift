import Domain
import Foundation
import Ports

/// Tenant access tokens, per tenant and app, reused until shortly before they expire. Concurrent
/// callers needing a fresh token share one refresh.
actor LarkTokenCache {
    private struct Key: Hashable {
        let tenant: TenantID
        let appID: String
    }

    private var tokens: [Key: (token: String, usableUntil: Date)] = [:]
    private var refreshing: [Key: Task<String, any Error>] = [:]

    /// The cached token, or the result of `fetch`, which returns a token and how long it may be used.
    func token(for app: LarkApp, now: Date, fetch: @escaping @Sendable () async throws -> (String, TimeInterval))
        async throws -> String
    {
        let key = Key(tenant: app.tenantID, appID: app.appID)
        if let cached = tokens[key], cached.usableUntil > now { return cached.token }
        if let inFlight = refreshing[key] { return try await inFlight.value }
        let refresh = Task {
            let (token, usableFor) = try await fetch()
            self.store(token, for: key, until: now.addingTimeInterval(usableFor))
            return token
        }
        refreshing[key] = refresh
        defer { refreshing[key] = nil }
        return try await refresh.value
    }

    private func store(_ token: String, for key: Key, until: Date) {
        tokens[key] = (token, until)
    }

    /// Forgets a token Lark rejected, unless a newer one already replaced it.
    func invalidate(_ token: String, for app: LarkApp) {
        let key = Key(tenant: app.tenantID, appID: app.appID)
        if tokens[key]?.token == token { tokens[key] = nil }
    }
}
