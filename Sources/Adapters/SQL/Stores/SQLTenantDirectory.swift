import Domain
import Foundation
import Ports

struct SQLTenantDirectory: TenantDirectory {
    let database: any SQLDatabase

    func createWorkspace(_ tenant: Tenant, owner: UserID) async throws {
        try await database.transaction(tenant: tenant.id.description, user: nil) { session in
            try await session.execute(
                "INSERT INTO tenants (id, name, lark_domain, endpoint_id, created_at) VALUES ($1, $2, $3, $4, $5)",
                tenant.id.description, tenant.name, tenant.larkDomain.rawValue, tenant.endpointID.value,
                SQLCoding.millis(tenant.createdAt))
            try await session.execute(
                "INSERT INTO members (tenant_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)",
                tenant.id.description, owner.description, Role.admin.rawValue, SQLCoding.millis(tenant.createdAt))
        }
    }

    func tenant(id: TenantID) async throws -> Tenant? {
        try await database.autocommit { session in
            try await session.first("SELECT * FROM tenants WHERE id = $1", id.description).map(Tenant.init(row:))
        }
    }

    func tenant(endpointID: EndpointID) async throws -> Tenant? {
        try await database.autocommit { session in
            try await session.first("SELECT * FROM tenants WHERE endpoint_id = $1", endpointID.value).map(
                Tenant.init(row:))
        }
    }

    func allTenants() async throws -> [Tenant] {
        try await database.transaction { session in
            try await session.query("SELECT * FROM tenants ORDER BY created_at, id", []).map(Tenant.init(row:))
        }
    }

    func deleteWorkspace(_ id: TenantID) async throws {
        let deleted = try await database.transaction(tenant: id.description, user: nil) { session in
            // Flows restrict the deletion of their history; erasing a workspace erases it first.
            try await session.execute("DELETE FROM submissions WHERE tenant_id = $1", id.description)
            return try await session.execute("DELETE FROM tenants WHERE id = $1", id.description)
        }
        if deleted == 0 { throw StoreError.notFound }
    }

    func deleteUserIfUnattached(_ id: UserID) async throws -> Bool {
        // As the user, whose own memberships in every workspace row-level security shows.
        try await database.transaction(tenant: nil, user: id.description) { session in
            guard let email = try await session.first("SELECT email FROM users WHERE id = $1", id.description) else {
                return false
            }
            let deleted = try await session.execute(
                "DELETE FROM users WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM members WHERE user_id = $1)",
                id.description)
            guard deleted > 0 else { return false }
            try await session.execute("DELETE FROM magic_links WHERE email = $1", try email.text("email"))
            return true
        }
    }

    func createUser(_ user: User) async throws {
        try await database.transaction { session in
            try await session.execute(
                "INSERT INTO users (id, email, google_subject, created_at, language) VALUES ($1, $2, $3, $4, $5)",
                user.id.description, user.email.value, user.googleSubject, SQLCoding.millis(user.createdAt),
                user.language?.rawValue)
        }
    }

    func updateUser(_ user: User) async throws {
        let changed = try await database.transaction { session in
            try await session.execute(
                "UPDATE users SET email = $2, google_subject = $3, language = $4 WHERE id = $1",
                user.id.description, user.email.value, user.googleSubject, user.language?.rawValue)
        }
        if changed == 0 { throw StoreError.notFound }
    }

    func user(id: UserID) async throws -> User? {
        try await user(where: "id", equals: id.description)
    }

    func user(email: EmailAddress) async throws -> User? {
        try await user(where: "email", equals: email.value)
    }

    func user(googleSubject: String) async throws -> User? {
        try await user(where: "google_subject", equals: googleSubject)
    }

    private func user(where column: String, equals value: String) async throws -> User? {
        try await database.autocommit { session in
            try await session.first("SELECT * FROM users WHERE \(column) = $1", value).map(User.init(row:))
        }
    }

    func memberships(of userID: UserID) async throws -> [Member] {
        try await database.transaction(tenant: nil, user: userID.description) { session in
            try await session.query(
                "SELECT * FROM members WHERE user_id = $1 ORDER BY joined_at, tenant_id", userID.description
            ).map(Member.init(row:))
        }
    }
}

extension Tenant {
    init(row: SQLRow) throws {
        guard let id = TenantID(try row.text("id")), let domain = LarkDomain(rawValue: try row.text("lark_domain")),
            let endpoint = EndpointID(try row.text("endpoint_id"))
        else { throw StoreError.corrupt(what: "tenant") }
        self.init(
            id: id, name: try row.text("name"), larkDomain: domain, endpointID: endpoint,
            createdAt: SQLCoding.date(try row.integer("created_at")))
    }
}

extension User {
    init(row: SQLRow) throws {
        guard let id = UserID(try row.text("id")), let email = EmailAddress(try row.text("email")) else {
            throw StoreError.corrupt(what: "user")
        }
        self.init(
            id: id, email: email, googleSubject: try row.optionalText("google_subject"),
            createdAt: SQLCoding.date(try row.integer("created_at")),
            language: try row.optionalText("language").flatMap(Language.init(rawValue:)))
    }
}

extension Member {
    init(row: SQLRow) throws {
        guard let tenant = TenantID(try row.text("tenant_id")), let user = UserID(try row.text("user_id")),
            let role = Role(rawValue: try row.text("role"))
        else { throw StoreError.corrupt(what: "member") }
        self.init(tenantID: tenant, userID: user, role: role, joinedAt: SQLCoding.date(try row.integer("joined_at")))
    }
}
