import Domain
import Ports

struct InMemoryMemberStore: MemberStore {
    let database: InMemoryDatabase
    let tenantID: TenantID

    func add(_ member: Member) async throws {
        guard member.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await database.write { tables in
            guard tables.tenants[member.tenantID] != nil, tables.users[member.userID] != nil else {
                throw StoreError.invalidReference
            }
            guard tables.members[member.tenantID]?[member.userID] == nil else { throw StoreError.duplicate }
            tables.members[member.tenantID, default: [:]][member.userID] = member
        }
    }

    func member(_ userID: UserID) async throws -> Member? {
        await database.read { [tenantID] in $0.members[tenantID]?[userID] }
    }

    func list() async throws -> [Member] {
        await database.read { [tenantID] tables in
            (tables.members[tenantID] ?? [:]).values.sorted { ($0.joinedAt, $0.userID) < ($1.joinedAt, $1.userID) }
        }
    }

    func updateRole(of userID: UserID, to role: Role) async throws {
        try await database.write { [tenantID] tables in
            guard tables.members[tenantID]?[userID] != nil else { throw StoreError.notFound }
            tables.members[tenantID]?[userID]?.role = role
        }
    }

    func remove(_ userID: UserID) async throws {
        try await database.write { [tenantID] tables in
            guard tables.members[tenantID]?.removeValue(forKey: userID) != nil else { throw StoreError.notFound }
        }
    }
}
