public import Domain
public import Foundation

/// Everything a workspace holds about one person (a PDPA/GDPR access request).
public struct PersonalDataExport: Encodable, Sendable {
    public struct Person: Encodable, Sendable {
        public let kind: String
        public let id: String
    }

    /// The person's dashboard account, when they are a member of this workspace.
    public struct Account: Encodable, Sendable {
        public let userId: String
        public let email: String
        public let googleLinked: Bool
        public let createdAt: Date
        public let role: String?
        public let joinedAt: Date?
    }

    public let format = "kopi.personal-data/1"
    public let exportedAt: Date
    public let workspace: WorkspaceRecord
    public let person: Person
    public let account: Account?
    /// Claims the person submitted, each with everything about it.
    public let claims: [ClaimRecord]
    /// Decisions, cards and taps of the person as an approver.
    public let decisions: [Decision]
    public let cards: [CardMessage]
    public let taps: [TapRecord]
    /// Audit entries naming the person, as actor or in their detail.
    public let auditEntries: [AuditEntry]

    public func json() throws -> String { try ExportJSON.encode(self) }
}
