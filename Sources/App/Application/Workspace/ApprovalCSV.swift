import Domain
import Foundation
public import Ports

/// The approvals list as CSV, with the list's filters, written page by page (keyset on time and
/// id, a page's checks and decisions in one read each), so a year of claims never sits in
/// memory. UTF-8 with a byte-order mark, which spreadsheet programs need to read non-ASCII text
/// (vendor names in Chinese) as UTF-8; times in the policy's time zone.
public struct ApprovalCSV: Sendable {
    let storage: any Storage
    let tenantID: TenantID
    let query: SubmissionQuery
    let timeZone: TimeZone
    let flowNames: [FlowID: String]
    let pageSize: Int
    /// `kopi-approvals-<date>.csv`, the date in the policy's time zone.
    public let fileName: String

    /// Writes the document through `write`, one page at a time; returns the rows written.
    @discardableResult
    public func write(_ write: (String) async throws -> Void) async throws -> Int {
        try await write("\u{FEFF}" + CSVText.row(ApprovalExportRow.header))
        var query = self.query
        query.offset = 0
        query.limit = pageSize
        var written = 0
        while true {
            let rows = try await storage.readingTenant(tenantID) { [query, flowNames] scope in
                let submissions = try await scope.approvals.submissions(query)
                let ids = submissions.map(\.id)
                let checks = try await scope.approvals.latestChecks(of: ids)
                let decisions = try await scope.approvals.latestDecisions(of: ids)
                return submissions.map {
                    ApprovalExportRow(
                        submission: $0, flowName: flowNames[$0.flowID], check: checks[$0.id], decision: decisions[$0.id]
                    )
                }
            }
            if !rows.isEmpty {
                try await write(rows.map { CSVText.row($0.cells(timeZone: timeZone)) }.joined())
            }
            written += rows.count
            guard rows.count == pageSize, let last = rows.last else { return written }
            query.after = SubmissionCursor(last.submission)
        }
    }
}

extension ApprovalQueries {
    /// The CSV of the approvals `query` selects (its limit and offset ignored: every match).
    /// Any member may export what they may list.
    public func csv(_ query: SubmissionQuery, caller: Caller, pageSize: Int = 500) async throws -> ApprovalCSV {
        let (timeZone, flows) = try await storage.readingTenant(caller.tenantID) { scope in
            (
                try await scope.tenant.policy().calendar.timeZone,
                try await scope.approvals.flows(includingArchived: true)
            )
        }
        let day = clock.now().formatted(Date.ISO8601FormatStyle(timeZone: timeZone).year().month().day())
        return ApprovalCSV(
            storage: storage, tenantID: caller.tenantID, query: query, timeZone: timeZone,
            flowNames: Dictionary(flows.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }),
            pageSize: max(1, min(pageSize, 500)), fileName: "kopi-approvals-\(day).csv")
    }
}
