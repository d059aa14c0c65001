public import Domain
import Foundation
import Logging
public import Ports

/// A whole workspace's data: its export as one JSON document, written page by page so a year of
/// claims never sits in memory, and its deletion, which leaves no row with its id in any table.
/// Admins only. The export is audited; the deletion is logged (its audit trail goes with it).
public struct WorkspaceDataService: Sendable {
    let storage: any Storage
    let runtime: Runtime
    /// Claims read per transaction while exporting.
    public var pageSize = 200

    public init(storage: any Storage, runtime: Runtime) {
        self.storage = storage
        self.runtime = runtime
    }

    /// What a deletion removed beyond the workspace's own rows.
    public struct Deletion: Encodable, Sendable {
        public let workspace: String
        /// Accounts that belonged to no other workspace, deleted with their sessions.
        public let accountsDeleted: Int
        /// The caller's own account was among them (their session has ended).
        public let callerDeleted: Bool
    }

    /// Checks the caller and records the export; the returned writer streams it.
    public func export(caller: Caller) async throws -> WorkspaceExport {
        try caller.require(.admin)
        let now = runtime.clock.now()
        let tenant = try await storage.withTenant(caller.tenantID) { [runtime] scope in
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil, at: now,
                    actor: caller.user.email.value, action: .workspaceExported, detail: [:]))
            return try await scope.tenant.tenant()
        }
        return WorkspaceExport(storage: storage, tenant: tenant, exportedAt: now, pageSize: max(1, pageSize))
    }

    /// Deletes the workspace once `confirmation` is its name, then every member account left in
    /// no workspace.
    public func delete(caller: Caller, confirmation: String) async throws -> Deletion {
        try caller.require(.admin)
        let (tenant, members) = try await storage.withTenant(caller.tenantID) { scope in
            (try await scope.tenant.tenant(), try await scope.members.list())
        }
        guard confirmation.trimmingCharacters(in: .whitespacesAndNewlines) == tenant.name else {
            throw ApplicationError.invalidInput(["confirm: type the workspace's name exactly to delete it."])
        }
        do { try await storage.directory.deleteWorkspace(tenant.id) } catch StoreError.notFound {
            throw ApplicationError.notFound
        }
        var deleted: [UserID] = []
        for member in members where try await storage.directory.deleteUserIfUnattached(member.userID) {
            deleted.append(member.userID)
        }
        runtime.logger.notice(
            "workspace deleted",
            metadata: [
                "tenant": "\(tenant.id)", "by": "\(caller.user.id)", "members": "\(members.count)",
                "accounts_deleted": "\(deleted.count)",
            ])
        return Deletion(
            workspace: tenant.id.description, accountsDeleted: deleted.count,
            callerDeleted: deleted.contains(caller.user.id))
    }
}

/// One workspace's export, written as JSON in pieces: the workspace, its members, flows, policy,
/// learned rules and own audit trail, then every claim with everything about it. Each page is
/// read in a transaction of its own. No secret is written: the Lark connection appears as its
/// App ID only.
public struct WorkspaceExport: Sendable {
    let storage: any Storage
    public let tenant: Tenant
    let exportedAt: Date
    let pageSize: Int

    struct Header: Encodable {
        struct MemberRecord: Encodable {
            let userId: String
            let email: String?
            let role: String
            let joinedAt: Date
        }
        struct Connection: Encodable {
            let appId: String
            let updatedAt: Date
        }

        let format = "kopi.workspace/1"
        let exportedAt: Date
        let workspace: WorkspaceRecord
        let larkConnection: Connection?
        let policy: PolicySettings
        let members: [MemberRecord]
        let flows: [MonitoredFlow]
        let exchangeRates: [ExchangeRate]
        let policyDocuments: [PolicyDocumentRecord]
    }

    /// An imported policy with the rules proposed from it and what became of them.
    struct PolicyDocumentRecord: Encodable {
        let id: String
        let name: String
        let text: String
        let importedAt: Date
        let proposals: [RuleProposalRecord]

        init(_ document: PolicyDocument, _ proposals: [RuleProposal]) {
            id = document.id.description
            name = document.name
            text = document.text
            importedAt = document.importedAt
            self.proposals = proposals.filter { $0.documentID == document.id }.map { RuleProposalRecord($0) }
        }
    }

    /// Writes the document through `write`, one piece at a time; returns the claims written.
    @discardableResult
    public func write(_ write: (String) async throws -> Void) async throws -> Int {
        let (members, connection, policy, flows, rates) = try await storage.withTenant(tenant.id) { scope in
            (
                try await scope.members.list(), try await scope.tenant.larkConnection(),
                try await scope.tenant.policy(), try await scope.approvals.flows(includingArchived: true),
                try await scope.rates.manualRates()
            )
        }
        let (documents, proposals) = try await storage.withTenant(tenant.id) { scope in
            (try await scope.mirror.documents(), try await scope.mirror.proposals())
        }
        var records: [Header.MemberRecord] = []
        for member in members {
            let user = try await storage.directory.user(id: member.userID)
            records.append(
                .init(
                    userId: member.userID.description, email: user?.email.value, role: member.role.rawValue,
                    joinedAt: member.joinedAt))
        }
        let header = Header(
            exportedAt: exportedAt, workspace: WorkspaceRecord(tenant),
            larkConnection: connection.map { .init(appId: $0.appID, updatedAt: $0.updatedAt) }, policy: policy,
            members: records, flows: flows, exchangeRates: rates,
            policyDocuments: documents.map { PolicyDocumentRecord($0, proposals) })
        // The header's object stays open: the paged arrays follow as its last members.
        try await write(String(try ExportJSON.encode(header).dropLast()))

        try await write(",\"learnedRules\":[")
        var started = false
        var offset = 0
        while true {
            let page = try await storage.withTenant(tenant.id) { [offset, pageSize] in
                try await $0.patterns.list(limit: pageSize, offset: offset)
            }
            try await writeItems(page, started: &started, write)
            guard page.count == pageSize else { break }
            offset += page.count
        }

        try await write("],\"workspaceAudit\":[")
        started = false
        var last: AuditEntry?
        while true {
            let page = try await storage.withTenant(tenant.id) { [last, pageSize] in
                try await $0.personalData.workspaceAudit(after: last, limit: pageSize)
            }
            try await writeItems(page, started: &started, write)
            guard page.count == pageSize else { break }
            last = page.last
        }

        try await write("],\"claims\":[")
        started = false
        var cursor: SubmissionID?
        var written = 0
        while true {
            let (ids, records) = try await storage.withTenant(tenant.id) { [cursor, pageSize] scope in
                let ids = try await scope.personalData.claimIDs(after: cursor, limit: pageSize)
                var records: [ClaimRecord] = []
                for id in ids {
                    // A claim purged since its id was read is skipped.
                    guard let claim = try await scope.approvals.submission(id) else { continue }
                    records.append(try await ClaimRecord.load(claim, in: scope))
                }
                return (ids, records)
            }
            try await writeItems(records, started: &started, write)
            written += records.count
            guard ids.count == pageSize, let next = ids.last else { break }
            cursor = next
        }
        try await write("]}\n")
        return written
    }

    private func writeItems(
        _ items: [any Encodable], started: inout Bool, _ write: (String) async throws -> Void
    ) async throws {
        guard !items.isEmpty else { return }
        var pieces: [String] = []
        for item in items { pieces.append(try ExportJSON.encode(item)) }
        let body = pieces.joined(separator: ",")
        try await write(started ? "," + body : body)
        started = true
    }
}
