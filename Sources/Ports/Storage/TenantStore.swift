public import Domain

/// A tenant's own settings: its name and domain, its Lark connection, its policy.
public protocol TenantStore: Sendable {
    func tenant() async throws -> Tenant
    /// Changes name and Lark domain; the id and endpoint id never change.
    func update(_ tenant: Tenant) async throws

    /// The connection with its secrets opened, or nil when not connected. Throws
    /// ``StoreError/corrupt(what:)`` when a sealed secret cannot be opened with the keys at hand.
    func larkConnection() async throws -> LarkConnection?
    /// Creates or replaces the connection. The secrets are sealed before they are written.
    func saveLarkConnection(_ connection: LarkConnection) async throws
    /// Removes the connection; no error when there is none.
    func deleteLarkConnection() async throws

    /// The stored policy, or ``PolicySettings/defaults`` when none was saved.
    func policy() async throws -> PolicySettings
    func savePolicy(_ policy: PolicySettings) async throws
}
