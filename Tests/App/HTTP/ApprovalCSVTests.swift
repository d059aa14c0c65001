import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Ports
import Testing

@testable import Application
@testable import HTTP

@Suite("Approvals as CSV")
struct ApprovalCSVTests {
    /// RFC 4180 read back: quoted fields with doubled quotes and line breaks, CRLF rows.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field)
                rows.append(row)
                (row, field) = ([], "")
            } else {
                field.append(character)
            }
        }
        return rows
    }

    @Test(
        "The CSV holds every approval the list's filters select, with verdict, findings and decision; formulas are inert",
        arguments: AppBackend.allCases)
    func export(backend: AppBackend) async throws {
        let fixture = WebFixture(storage: try await backend.makeStorage())
        try await fixture.run { anonymous in
            let (web, seed, submissions, _) = try await DashboardAPITests.seeded(
                fixture, anonymous, vendorPrefix: "=HYPERLINK(\"http://evil.example\",\"")
            #expect(try await anonymous.get("/api/v1/approvals.csv").status == .unauthorized)
            let reply = try await web.get("/api/v1/approvals.csv")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "text/csv; charset=utf-8; header=present")
            #expect(reply.headers[.contentDisposition]?.contains("kopi-approvals-") == true)
            #expect(reply.body.hasPrefix("\u{FEFF}instance_code,flow,applicant,"))
            let rows = Self.parse(String(reply.body.dropFirst()))
            #expect(rows.first == ApprovalExportRow.header)
            #expect(rows.dropFirst().map { $0[0] } == [Seed.instances[3], Seed.instances[2], Seed.instances[1]])
            #expect(rows.allSatisfy { $0.count == ApprovalExportRow.header.count })
            let rejected = try #require(rows.first { $0[0] == Seed.instances[2] })
            #expect(rejected[1] == "Seeded flow" && rejected[2] == Seed.applicant && rejected[8] == "90.00")
            #expect(rejected[9] == "red" && rejected[11] == "reject" && rejected[12] == Seed.approver)
            #expect(rejected[10].hasPrefix("red "))
            #expect(rejected[5].hasPrefix("'=HYPERLINK"), "a formula is shown as text")
            #expect(!reply.body.contains(",=HYPERLINK") && !reply.body.contains("\n=HYPERLINK"))
            #expect(rows.first { $0[0] == Seed.instances[3] }?[11] == "", "undecided")

            let redBody = try await web.get("/api/v1/approvals.csv?verdict=red").body
            let red = Self.parse(String(redBody.dropFirst()))
            #expect(red.count == 2 && red[1][0] == Seed.instances[2])
            let recent = try await web.get("/api/v1/approvals.csv?from=2027-01-13&limit=1&offset=2")
            #expect(Self.parse(String(recent.body.dropFirst())).dropFirst().map { $0[0] } == [Seed.instances[3]])
            let bad = try await web.get("/api/v1/approvals.csv?verdict=purple")
            #expect(bad.status == .unprocessableContent && bad.errorCode == "invalid_input")

            let other = try await anonymous.signedIn("other@b.example", mailer: fixture.mailer)
            let foreign = try await other.get("/api/v1/approvals.csv")
            #expect(Self.parse(String(foreign.body.dropFirst())).count == 1, "the header only")
            #expect(!foreign.body.contains(submissions[0].instanceCode))

            let page = try await web.get("/approvals?verdict=red&offset=0")
            #expect(page.body.contains(#"href="/approvals.csv?verdict=red""#))
            let download = try await web.get("/approvals.csv?verdict=red")
            #expect(download.status == .ok && download.body == redBody, "the page's download is the API's file")
            #expect(try await fixture.storage.directory.tenant(id: seed.tenantID) != nil)
        }
    }

    @Test(
        "Written page by page, 1,203 claims with shared times come out once each, newest first, exactly as the list orders them",
        arguments: AppBackend.allCases)
    func pages(backend: AppBackend) async throws {
        let storage = try await backend.makeStorage()
        let owner = User(id: Identifier(UUID()), email: EmailAddress("csv@acme.example")!, createdAt: Date())
        try await storage.directory.createUser(owner)
        let tenant = Tenant(
            id: Identifier(UUID()), name: "CSV", larkDomain: .lark, endpointID: SystemRandomness().endpointID(),
            createdAt: Date())
        try await storage.directory.createWorkspace(tenant, owner: owner.id)
        let seed = Seed(storage: storage, tenantID: tenant.id)
        let flow = try await seed.flow()
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        try await storage.withTenant(tenant.id) { scope async throws in
            for index in 0..<1203 {
                let at = base.addingTimeInterval(Double(index / 10))
                try await scope.approvals.saveSubmission(
                    Submission(
                        id: Identifier(UUID()), tenantID: tenant.id, flowID: flow.id,
                        instanceCode: LarkIDs.instanceCode(),
                        applicant: LarkIDs.openID(), status: .pending,
                        lineItems: [LineItem(amount: Money(minorUnits: Int64(index), currency: CurrencyCode("SGD")!))],
                        attachments: [], submittedAt: at, updatedAt: at))
            }
        }
        let caller = Caller(
            user: owner, tenantID: tenant.id, role: .viewer,
            memberships: [Member(tenantID: tenant.id, userID: owner.id, role: .viewer, joinedAt: Date())],
            sessionToken: "t")
        let queries = ApprovalQueries(services: TestServices.make(storage: storage))
        let export = try await queries.csv(SubmissionQuery(limit: 3, offset: 9), caller: caller, pageSize: 50)
        let pieces = Pieces()
        let written = try await export.write { await pieces.append($0) }
        let text = await pieces.text
        #expect(written == 1203)
        #expect(await pieces.count == 1 + 25, "a header, then one piece per page of 50")
        let rows = Self.parse(String(text.dropFirst())).dropFirst()
        var expected: [String] = []
        var offset = 0
        while true {
            let page = try await storage.withTenant(tenant.id) { [offset] in
                try await $0.approvals.submissions(SubmissionQuery(limit: 500, offset: offset))
            }
            expected += page.map(\.instanceCode)
            if page.count < 500 { break }
            offset += 500
        }
        #expect(rows.map { $0[0] } == expected)
        #expect(Set(expected).count == 1203)
    }

    actor Pieces {
        var pieces: [String] = []
        func append(_ piece: String) { pieces.append(piece) }
        var text: String { pieces.joined() }
        var count: Int { pieces.count }
    }
}
