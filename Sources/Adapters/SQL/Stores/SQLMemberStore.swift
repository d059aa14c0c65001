import Domain
import Foundation
import Ports

struct SQLMemberStore: MemberStore {
    let session: any SQLSession
    let tenantID: TenantID

    private var id: String { tenantID.description }

    func add(_ member: Member) async throws {
        guard member.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await session.execute(
            "INSERT INTO members (tenant_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)",
            id, member.userID.description, member.role.rawValue, SQLCoding.millis(member.joinedAt))
    }

    func member(_ userID: UserID) async throws -> Member? {
        try await session.first("SELECT * FROM members WHERE tenant_id = $1 AND user_id = $2", id, userID.description)
            .map(Member.init(row:))
    }

    func list() async throws -> [Member] {
        try await session.query("SELECT * FROM members WHERE tenant_id = $1 ORDER BY joined_at, user_id", id)
            .map(Member.init(row:))
    }

    func updateRole(of userID: UserID, to role: Role) async throws {
        let changed = try await session.execute(
            "UPDATE members SET role = $3 WHERE tenant_id = $1 AND user_id = $2", id, userID.description, role.rawValue)
        if changed == 0 { throw StoreError.notFound }
    }

    func remove(_ userID: UserID) async throws {
        let changed = try await session.execute(
            "DELETE FROM members WHERE tenant_id = $1 AND user_id = $2", id, userID.description)
        if changed == 0 { throw StoreError.notFound }
    }
}
