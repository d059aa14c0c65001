import Domain
import Foundation
import Ports

struct SQLCardTapStore: CardTapStore {
    let session: any SQLSession
    let tenantID: TenantID
    let sealer: any SecretSealer

    var id: String { tenantID.description }

    func saveTap(_ tap: CardTap) async throws {
        guard tap.tenantID == tenantID else { throw StoreError.tenantMismatch }
        try await session.executeDeferred(
            """
            INSERT INTO card_taps (tenant_id, id, submission_id, approver, choice, message_id, update_token, received_at, state, failure, reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """,
            id, tap.id.description, tap.submissionID.description, tap.approver, tap.choice.rawValue, tap.messageID,
            try sealedToken(tap), SQLCoding.millis(tap.receivedAt), tap.state.rawValue, tap.failure, tap.reason?.text)
    }

    func updateTap(_ tap: CardTap) async throws {
        guard tap.tenantID == tenantID else { throw StoreError.tenantMismatch }
        let changed = try await session.execute(
            "UPDATE card_taps SET update_token = $3, state = $4, failure = $5 WHERE tenant_id = $1 AND id = $2",
            id, tap.id.description, try sealedToken(tap), tap.state.rawValue, tap.failure)
        if changed == 0 { throw StoreError.notFound }
    }

    func tap(_ tapID: TapID) async throws -> CardTap? {
        try await session.first("SELECT * FROM card_taps WHERE tenant_id = $1 AND id = $2", id, tapID.description).map(
            tap(from:))
    }

    func taps(for submissionID: SubmissionID) async throws -> [CardTap] {
        try await session.query(
            "SELECT * FROM card_taps WHERE tenant_id = $1 AND submission_id = $2 ORDER BY received_at, id", id,
            submissionID.description
        ).map(tap(from:))
    }

    /// The token sealed to this tap: it opens only for the same tenant and tap.
    private func sealedToken(_ tap: CardTap) throws -> [UInt8]? {
        try tap.updateToken.map { try sealer.seal($0, context: .tenant(tenantID, field: "card_tap_token:\(tap.id)")) }
    }

    private func tap(from row: SQLRow) throws -> CardTap {
        var tap = try CardTap(withoutTokenFrom: row, tenantID: tenantID)
        tap.updateToken = try row.optionalBlob("update_token").map { sealed in
            do {
                return try sealer.open(sealed, context: .tenant(tenantID, field: "card_tap_token:\(tap.id)"))
            } catch {
                throw StoreError.corrupt(what: "sealed card tap token")
            }
        }
        return tap
    }
}
