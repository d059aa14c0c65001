public import Domain
import Foundation
import Logging
public import Ports

/// A person's data in a workspace (PDPA/GDPR): its export as JSON, and its erasure. A person is a
/// Lark user (open id: applicant or approver) or a dashboard user (e-mail). Admins only; both are
/// audited. An erasure pseudonymises the person in claims, decisions, cards, taps and audit
/// entries and removes their free text, keeping every figure; a dashboard user also leaves the
/// workspace, and their account goes if it belongs to no other.
public struct PersonalDataService: Sendable {
    let storage: any Storage
    let runtime: Runtime

    public init(storage: any Storage, runtime: Runtime) {
        self.storage = storage
        self.runtime = runtime
    }

    /// What an erasure did.
    public struct Erasure: Encodable, Sendable {
        public let pseudonym: String
        public let rows: PersonalDataErasureCounts
        /// The dashboard user was a member and no longer is.
        public let membershipRemoved: Bool
        /// The dashboard user's account, sessions and sign-in links were deleted (no other workspace).
        public let accountDeleted: Bool
    }

    /// Reads a person from what an admin typed: an open id (`ou_…`) or an e-mail address.
    public static func person(_ text: String) throws -> PersonReference {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("ou_"), let person = PersonReference.larkUser(trimmed) { return person }
        if let email = EmailAddress(trimmed) { return .email(email) }
        throw ApplicationError.invalidInput([
            "person: a Lark open id (ou_ followed by letters and digits) or an e-mail address."
        ])
    }

    public func export(_ person: PersonReference, caller: Caller) async throws -> PersonalDataExport {
        try caller.require(.admin)
        let account = try await self.account(of: person)
        let now = runtime.clock.now()
        return try await storage.withTenant(caller.tenantID) { [runtime] scope in
            let records = try await records(of: person, account: account, in: scope)
            var claims: [ClaimRecord] = []
            for claim in records.claims { claims.append(try await ClaimRecord.load(claim, in: scope)) }
            var member: Member?
            if let account { member = try await scope.members.member(account.id) }
            let export = PersonalDataExport(
                exportedAt: now, workspace: WorkspaceRecord(try await scope.tenant.tenant()),
                person: .init(kind: person.kind, id: person.storedValue),
                // Only a member's account: whether an address has an account elsewhere is not
                // this workspace's to know.
                account: account.flatMap { user in
                    member.map {
                        PersonalDataExport.Account(
                            userId: user.id.description, email: user.email.value,
                            googleLinked: user.googleSubject != nil, createdAt: user.createdAt,
                            role: $0.role.rawValue, joinedAt: $0.joinedAt)
                    }
                }, claims: claims, decisions: records.decisions, cards: records.cards,
                taps: records.taps.map(TapRecord.init), auditEntries: records.auditEntries)
            // Named only when something is held about the person (an erasure later pseudonymises
            // this entry too); a request about someone unknown, or already erased, stores no id.
            let held = !records.isEmpty || member != nil
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil, at: now,
                    actor: caller.user.email.value, action: .personalDataExported,
                    detail: held
                        ? ["kind": person.kind, "person": person.storedValue]
                        : ["kind": person.kind, "found": "nothing"]))
            return export
        }
    }

    public func erase(_ person: PersonReference, caller: Caller) async throws -> Erasure {
        try caller.require(.admin)
        let account = try await self.account(of: person)
        if account?.id == caller.user.id {
            throw ApplicationError(
                .conflict, code: "erase_self", message: "Another admin of the workspace must erase you.")
        }
        guard let pseudonym = Pseudonym(randomBytes: runtime.randomness.bytes(8)) else {
            throw ApplicationError(.unavailable, code: "randomness", message: "No randomness available.")
        }
        let (rows, removed) = try await storage.withTenant(caller.tenantID) {
            [runtime] scope -> (PersonalDataErasureCounts, Bool) in
            var rows = try await scope.personalData.erase(person, as: pseudonym)
            var removed = false
            if let account {
                rows.add(try await scope.personalData.erase(.account(account.id), as: pseudonym))
                if try await scope.members.member(account.id) != nil {
                    try await scope.members.remove(account.id)
                    removed = true
                }
            }
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil,
                    at: runtime.clock.now(), actor: caller.user.email.value, action: .personalDataErased,
                    detail: [
                        "kind": person.kind, "pseudonym": pseudonym.value, "claims": "\(rows.claims)",
                        "decisions": "\(rows.decisions)", "cards": "\(rows.cards)", "taps": "\(rows.taps)",
                        "audit_entries": "\(rows.auditEntries)", "membership_removed": "\(removed)",
                    ]))
            return (rows, removed)
        }
        var deleted = false
        if let account, removed {
            deleted = try await storage.directory.deleteUserIfUnattached(account.id)
        }
        runtime.logger.notice(
            "personal data erased",
            metadata: [
                "tenant": "\(caller.tenantID)", "kind": "\(person.kind)", "rows": "\(rows.total)",
                "account_deleted": "\(deleted)",
            ])
        return Erasure(pseudonym: pseudonym.value, rows: rows, membershipRemoved: removed, accountDeleted: deleted)
    }

    private func account(of person: PersonReference) async throws -> User? {
        guard case .email(let address) = person else { return nil }
        return try await storage.directory.user(email: address)
    }

    /// The person's records, with a dashboard user's mentions by account id merged in.
    private func records(of person: PersonReference, account: User?, in scope: any TenantScope) async throws
        -> PersonalRecords
    {
        var records = try await scope.personalData.records(of: person)
        if let account {
            let known = Set(records.auditEntries.map(\.id))
            let byID = try await scope.personalData.records(of: .account(account.id)).auditEntries
            records.auditEntries = (records.auditEntries + byID.filter { !known.contains($0.id) })
                .sorted { ($0.sequence ?? 0, $0.at) < ($1.sequence ?? 0, $1.at) }
        }
        return records
    }
}

extension PersonalDataErasureCounts {
    mutating func add(_ other: PersonalDataErasureCounts) {
        claims += other.claims
        extractions += other.extractions
        decisions += other.decisions
        cards += other.cards
        taps += other.taps
        auditEntries += other.auditEntries
    }
}
