public import Domain

/// What must be found before a tenant is known: a webhook's endpoint id, a signing-in user.
public protocol TenantDirectory: Sendable {
    /// Creates the workspace and makes `owner` its first admin, atomically.
    /// Throws ``StoreError/duplicate`` when the id or endpoint id exists.
    func createWorkspace(_ tenant: Tenant, owner: UserID) async throws

    func tenant(id: TenantID) async throws -> Tenant?
    /// The tenant whose webhook URLs carry this endpoint id.
    func tenant(endpointID: EndpointID) async throws -> Tenant?
    /// Every workspace, oldest first (for maintenance sweeps).
    func allTenants() async throws -> [Tenant]
    /// Deletes the workspace and every row it owns. Throws ``StoreError/notFound`` when absent.
    func deleteWorkspace(_ id: TenantID) async throws

    /// Throws ``StoreError/duplicate`` when the id, e-mail or Google subject is taken.
    func createUser(_ user: User) async throws
    /// Updates e-mail and Google subject. Throws ``StoreError/notFound`` or ``StoreError/duplicate``.
    func updateUser(_ user: User) async throws
    func user(id: UserID) async throws -> User?
    func user(email: EmailAddress) async throws -> User?
    func user(googleSubject: String) async throws -> User?
    /// Every workspace the user belongs to, oldest first.
    func memberships(of userID: UserID) async throws -> [Member]
    /// Deletes a user who belongs to no workspace, with their sessions and their pending
    /// sign-in links; true when deleted. A user still in some workspace, or unknown, is kept (false).
    func deleteUserIfUnattached(_ id: UserID) async throws -> Bool
}
