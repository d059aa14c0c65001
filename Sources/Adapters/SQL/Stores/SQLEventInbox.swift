import Domain
import Foundation
import Ports

struct SQLEventInbox: EventInbox {
    let session: any SQLSession
    let tenantID: TenantID

    func insertIfAbsent(_ event: InboxEvent) async throws -> Bool {
        guard event.tenantID == tenantID else { throw StoreError.tenantMismatch }
        let inserted = try await session.query(
            """
            INSERT INTO inbox_events (tenant_id, event_id, type, approval_code, instance_code, status, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (tenant_id, event_id) DO NOTHING
            RETURNING event_id
            """,
            tenantID.description, event.eventID, event.type, event.approvalCode, event.instanceCode, event.status,
            SQLCoding.millis(event.receivedAt))
        return !inserted.isEmpty
    }

    /// One statement for the batch; an id repeated in it is stored once, for its first event.
    func insertIfAbsent(_ events: [InboxEvent]) async throws -> Set<String> {
        guard events.allSatisfy({ $0.tenantID == tenantID }) else { throw StoreError.tenantMismatch }
        let distinct = Self.distinctInKeyOrder(events)
        guard !distinct.isEmpty else { return [] }
        var binds: [SQLValue] = [.text(tenantID.description)]
        let inserted = try await session.query(Self.insertStatement(distinct, binds: &binds), binds)
        return Set(try inserted.map { try $0.text("event_id") })
    }

    /// The first event of each id, in id order, so concurrent batches take their unique-key
    /// locks in one order and never deadlock.
    static func distinctInKeyOrder(_ events: [InboxEvent]) -> [InboxEvent] {
        var seen: Set<String> = []
        return events.filter { seen.insert($0.eventID).inserted }.sorted { $0.eventID < $1.eventID }
    }

    /// The insert of `events` returning the ids stored now; `binds` holds the tenant as `$1`
    /// and gains the events' values.
    static func insertStatement(_ events: [InboxEvent], binds: inout [SQLValue]) -> String {
        var rows: [String] = []
        for event in events {
            let first = binds.count + 1
            binds += [
                .text(event.eventID), .text(event.type), event.approvalCode.sqlValue, event.instanceCode.sqlValue,
                event.status.sqlValue, .integer(SQLCoding.millis(event.receivedAt)),
            ]
            rows.append("($1, " + (first..<first + 6).map { "$\($0)" }.joined(separator: ", ") + ")")
        }
        return """
            INSERT INTO inbox_events (tenant_id, event_id, type, approval_code, instance_code, status, received_at)
            VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (tenant_id, event_id) DO NOTHING
            RETURNING event_id
            """
    }

    func event(id eventID: String) async throws -> InboxEvent? {
        guard
            let row = try await session.first(
                "SELECT * FROM inbox_events WHERE tenant_id = $1 AND event_id = $2", tenantID.description, eventID)
        else { return nil }
        return InboxEvent(
            tenantID: tenantID, eventID: try row.text("event_id"), type: try row.text("type"),
            approvalCode: try row.optionalText("approval_code"), instanceCode: try row.optionalText("instance_code"),
            status: try row.optionalText("status"), receivedAt: SQLCoding.date(try row.integer("received_at")))
    }

    func purge(receivedBefore cutoff: Date) async throws -> Int {
        try await session.execute(
            "DELETE FROM inbox_events WHERE tenant_id = $1 AND received_at < $2",
            tenantID.description, SQLCoding.millis(cutoff))
    }
}
