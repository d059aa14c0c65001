public import Domain
import Foundation
import Ports

/// The people of a workspace: invitations by e-mail, roles, removal. A removed member's access
/// ends at once (membership is checked on every request); a user left without any workspace is
/// signed out everywhere.
public struct MemberService: Sendable {
    let storage: any Storage
    let mailer: any Mailer
    let rateLimiter: SharedRateLimiter
    let runtime: Runtime

    /// Invitations one workspace may send in an hour and in a day.
    public static let invitationLimits = (perHour: 20, perDay: 100)

    public struct Entry: Sendable {
        public let member: Member
        public let email: EmailAddress
    }

    public func list(_ caller: Caller) async throws -> [Entry] {
        let members = try await storage.withTenant(caller.tenantID) { try await $0.members.list() }
        var entries: [Entry] = []
        for member in members {
            guard let user = try await storage.directory.user(id: member.userID) else { continue }
            entries.append(Entry(member: member, email: user.email))
        }
        return entries
    }

    public func invite(email: EmailAddress, role: Role, caller: Caller) async throws -> Entry {
        try caller.require(.admin)
        let now = runtime.clock.now()
        let workspace = caller.tenantID.description
        guard
            try await rateLimiter.allow(
                "invite/h/\(workspace)", limit: Self.invitationLimits.perHour, per: 3600, now: now),
            try await rateLimiter.allow(
                "invite/d/\(workspace)", limit: Self.invitationLimits.perDay, per: 86400, now: now)
        else {
            runtime.metrics.rateLimited("invitation")
            throw ApplicationError.rateLimited
        }
        let directory = storage.directory
        let user: User
        if let existing = try await directory.user(email: email) {
            user = existing
        } else {
            user = User(id: runtime.randomness.identifier(), email: email, createdAt: now)
            do { try await directory.createUser(user) } catch StoreError.duplicate {
                guard let raced = try await directory.user(email: email) else { throw StoreError.conflict }
                return try await invite(email: raced.email, role: role, caller: caller)
            }
        }
        let member = Member(tenantID: caller.tenantID, userID: user.id, role: role, joinedAt: now)
        let t: Localizer
        do {
            t = try await storage.withTenant(caller.tenantID) { scope in
                try await scope.members.add(member)
                try await audit(
                    scope, caller, ["change": "invited", "user": user.id.description, "role": role.rawValue])
                return try await Localizer.workspace(scope)
            }
        } catch StoreError.duplicate {
            throw ApplicationError(.conflict, code: "already_member", message: "\(email.value) is already a member.")
        }
        // Neutral text: a workspace's name is whatever its admin typed, and must not reach
        // strangers' inboxes under Kopi's name.
        try await mailer.send(
            MailMessage(
                to: email, subject: t(.mailInviteSubject),
                body: t(.mailInviteBody, ["role": role.rawValue, "url": "\(runtime.baseURL)/sign-in"])))
        return Entry(member: member, email: email)
    }

    public func changeRole(of userID: UserID, to role: Role, caller: Caller) async throws -> Entry {
        try caller.require(.admin)
        let member = try await storage.withTenant(caller.tenantID) { scope -> Member in
            guard var member = try await scope.members.member(userID) else { throw ApplicationError.notFound }
            if member.role == .admin, role != .admin { try await requireAnotherAdmin(scope, besides: userID) }
            try await scope.members.updateRole(of: userID, to: role)
            try await audit(scope, caller, ["change": "role", "user": userID.description, "role": role.rawValue])
            member.role = role
            return member
        }
        guard let user = try await storage.directory.user(id: userID) else { throw ApplicationError.notFound }
        return Entry(member: member, email: user.email)
    }

    public func remove(_ userID: UserID, caller: Caller) async throws {
        try caller.require(.admin)
        try await storage.withTenant(caller.tenantID) { scope in
            guard let member = try await scope.members.member(userID) else { throw ApplicationError.notFound }
            if member.role == .admin { try await requireAnotherAdmin(scope, besides: userID) }
            try await scope.members.remove(userID)
            try await audit(scope, caller, ["change": "removed", "user": userID.description])
        }
        if try await storage.directory.memberships(of: userID).isEmpty {
            try await storage.auth.deleteSessions(of: userID)
        }
    }

    private func requireAnotherAdmin(_ scope: any TenantScope, besides userID: UserID) async throws {
        guard try await scope.members.list().contains(where: { $0.role == .admin && $0.userID != userID }) else {
            throw ApplicationError(.conflict, code: "last_admin", message: "A workspace keeps at least one admin.")
        }
    }

    private func audit(_ scope: any TenantScope, _ caller: Caller, _ detail: [String: String]) async throws {
        try await scope.approvals.appendAudit(
            AuditEntry(
                id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil,
                at: runtime.clock.now(),
                actor: caller.user.email.value, action: .memberChanged, detail: detail))
    }
}
