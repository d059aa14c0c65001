public import Domain

/// The people of one workspace.
public protocol MemberStore: Sendable {
    /// Throws ``StoreError/duplicate`` when already a member, ``StoreError/invalidReference`` when
    /// the user does not exist.
    func add(_ member: Member) async throws
    func member(_ userID: UserID) async throws -> Member?
    /// Members, oldest first.
    func list() async throws -> [Member]
    /// Throws ``StoreError/notFound`` when the user is not a member of this workspace.
    func updateRole(of userID: UserID, to role: Role) async throws
    /// Throws ``StoreError/notFound`` when the user is not a member of this workspace.
    func remove(_ userID: UserID) async throws
}
