import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Ports

/// `/api/v1/approvals`: the list (filtered, paged) and the audit view of one approval;
/// `/api/v1/approvals.csv`: every approval the same filters select, as CSV.
struct ApprovalRoutes: Sendable {
    let queries: ApprovalQueries
    let authenticator: SessionAuthenticator
    let logger: Logger

    struct PageView: Encodable {
        let items: [ApprovalSummaryView]
        let limit: Int
        let offset: Int
        let nextOffset: Int?
    }

    func register(on router: Router<KopiRequestContext>) {
        let group = router.group("api/v1/approvals")
        group.get { request, _ in
            let caller = try await authenticator.require(request)
            let page = try await queries.list(try Self.query(request), caller: caller)
            return try JSONResponse.encode(
                .ok,
                PageView(
                    items: page.items.map { ApprovalSummaryView($0.submission, verdict: $0.verdict) },
                    limit: page.query.limit,
                    offset: page.query.offset, nextOffset: page.hasMore ? page.query.offset + page.query.limit : nil))
        }
        router.get("api/v1/approvals.csv") { request, _ in
            let caller = try await authenticator.require(request)
            return Self.csv(try await queries.csv(try Self.query(request), caller: caller), logger: logger)
        }
        group.get("{id}") { request, context in
            let caller = try await authenticator.require(request)
            return try JSONResponse.encode(
                .ok, ApprovalDetailView(try await queries.detail(try context.id(as: SubmissionID.self), caller: caller))
            )
        }
    }

    static func csv(_ export: ApprovalCSV, logger: Logger) -> Response {
        StreamedDownload.response(
            contentType: "text/csv; charset=utf-8; header=present", fileName: export.fileName,
            what: "approvals export", logger: logger
        ) { write in try await export.write(write) }
    }

    /// Filters from the query string: status, verdict, flow, vendor, from, to (ISO 8601 or
    /// yyyy-MM-dd, UTC), limit (1…200), offset.
    static func query(_ request: Request) throws -> SubmissionQuery {
        var problems: [String] = []
        func parse<T>(_ name: String, _ make: (String) -> T?) -> T? {
            guard let text = request.query(name) else { return nil }
            if let value = make(text) { return value }
            problems.append("\(name): \(text.prefix(40)) is not valid.")
            return nil
        }
        let status = parse("status") { SubmissionStatus(rawValue: $0.uppercased()) }
        let verdict = parse("verdict", Verdict.init(rawValue:))
        let flow = parse("flow", FlowID.init)
        let from = parse("from", Self.date)
        let to = parse("to", Self.date)
        let limit = try request.integer("limit", default: 50, range: 1...200)
        let offset = try request.integer("offset", default: 0, range: 0...1_000_000)
        guard problems.isEmpty else { throw APIError.invalidInput(problems) }
        return SubmissionQuery(
            status: status, verdict: verdict, flowID: flow,
            vendorKey: request.query("vendor").map(VendorName.normalise),
            submittedFrom: from, submittedBefore: to, limit: limit, offset: offset)
    }

    static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date("\(text)T00:00:00Z", strategy: .iso8601)
    }
}
