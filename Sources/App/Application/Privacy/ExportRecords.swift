public import Domain
public import Foundation
import Ports

/// One claim with everything held about it, as both exports write it.
public struct ClaimRecord: Encodable, Sendable {
    public let submission: Submission
    public let extractions: [InvoiceExtraction]
    public let checks: [Check]
    public let decisions: [Decision]
    public let cards: [CardMessage]
    public let taps: [TapRecord]
    public let auditTrail: [AuditEntry]

    /// Reads the claim's rows inside the caller's transaction.
    static func load(_ submission: Submission, in scope: any TenantScope) async throws -> ClaimRecord {
        let approvals = scope.approvals
        return ClaimRecord(
            submission: submission, extractions: try await approvals.extractions(for: submission.id),
            checks: try await scope.personalData.checks(for: submission.id),
            decisions: try await approvals.decisions(for: submission.id),
            cards: try await approvals.cards(for: submission.id),
            taps: try await scope.taps.taps(for: submission.id).map(TapRecord.init),
            auditTrail: try await approvals.auditTrail(for: submission.id))
    }
}

/// A card tap as exported: never its update token (a credential for Lark, not data about anyone).
public struct TapRecord: Encodable, Sendable {
    public let id: String
    public let submissionId: String
    public let approver: String
    public let choice: String
    public let messageId: String
    public let receivedAt: Date
    public let state: String
    public let failure: String?

    public init(_ tap: CardTap) {
        id = tap.id.description
        submissionId = tap.submissionID.description
        approver = tap.approver
        choice = tap.choice.rawValue
        messageId = tap.messageID
        receivedAt = tap.receivedAt
        state = tap.state.rawValue
        failure = tap.failure
    }
}

/// The workspace an export comes from.
public struct WorkspaceRecord: Encodable, Sendable {
    public let id: String
    public let name: String
    public let larkDomain: String
    public let createdAt: Date

    init(_ tenant: Tenant) {
        id = tenant.id.description
        name = tenant.name
        larkDomain = tenant.larkDomain.rawValue
        createdAt = tenant.createdAt
    }
}

/// How exports are encoded: keys sorted, times in ISO 8601 (UTC).
enum ExportJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
