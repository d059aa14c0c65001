import Domain
import Ports

struct InMemoryTenantDirectory: TenantDirectory {
    let database: InMemoryDatabase

    func createWorkspace(_ tenant: Tenant, owner: UserID) async throws {
        try await database.transaction {
            try await database.write { tables in
                guard tables.tenants[tenant.id] == nil,
                    !tables.tenants.values.contains(where: { $0.endpointID == tenant.endpointID })
                else { throw StoreError.duplicate }
                guard tables.users[owner] != nil else { throw StoreError.invalidReference }
                tables.tenants[tenant.id] = tenant
                tables.members[tenant.id, default: [:]][owner] = Member(
                    tenantID: tenant.id, userID: owner, role: .admin, joinedAt: tenant.createdAt)
            }
        }
    }

    func tenant(id: TenantID) async throws -> Tenant? {
        await database.read { $0.tenants[id] }
    }

    func tenant(endpointID: EndpointID) async throws -> Tenant? {
        await database.read { $0.tenants.values.first { $0.endpointID == endpointID } }
    }

    func allTenants() async throws -> [Tenant] {
        await database.read { $0.tenants.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } }
    }

    func deleteWorkspace(_ id: TenantID) async throws {
        try await database.transaction {
            try await database.write { tables in
                guard tables.tenants[id] != nil else { throw StoreError.notFound }
                tables.deleteWorkspace(id)
            }
        }
    }

    func deleteUserIfUnattached(_ id: UserID) async throws -> Bool {
        try await database.transaction {
            await database.write { tables in
                guard let user = tables.users[id], !tables.members.values.contains(where: { $0[id] != nil }) else {
                    return false
                }
                tables.users[id] = nil
                tables.sessions = tables.sessions.filter { $0.value.userID != id }
                tables.magicLinks = tables.magicLinks.filter { $0.value.email != user.email }
                return true
            }
        }
    }

    func createUser(_ user: User) async throws {
        try await database.transaction {
            try await database.write { tables in
                guard tables.users[user.id] == nil, !Self.conflicts(user, in: tables) else {
                    throw StoreError.duplicate
                }
                tables.users[user.id] = user
            }
        }
    }

    func updateUser(_ user: User) async throws {
        try await database.transaction {
            try await database.write { tables in
                guard tables.users[user.id] != nil else { throw StoreError.notFound }
                guard !Self.conflicts(user, in: tables) else { throw StoreError.duplicate }
                tables.users[user.id] = user
            }
        }
    }

    private static func conflicts(_ user: User, in tables: InMemoryTables) -> Bool {
        tables.users.values.contains { other in
            other.id != user.id
                && (other.email == user.email
                    || (user.googleSubject != nil && other.googleSubject == user.googleSubject))
        }
    }

    func user(id: UserID) async throws -> User? {
        await database.read { $0.users[id] }
    }

    func user(email: EmailAddress) async throws -> User? {
        await database.read { $0.users.values.first { $0.email == email } }
    }

    func user(googleSubject: String) async throws -> User? {
        await database.read { $0.users.values.first { $0.googleSubject == googleSubject } }
    }

    func memberships(of userID: UserID) async throws -> [Member] {
        await database.read { tables in
            tables.members.values.compactMap { $0[userID] }
                .sorted { ($0.joinedAt, $0.tenantID) < ($1.joinedAt, $1.tenantID) }
        }
    }
}
