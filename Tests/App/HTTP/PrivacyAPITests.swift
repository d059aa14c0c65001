import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Ports
import Testing

@testable import Application
@testable import HTTP

/// PDPA/GDPR requests through the API: a person's export and erasure, and a workspace's export
/// and deletion, proven underneath the storage row by row.
@Suite("Personal data and workspace deletion")
struct PrivacyAPITests {
    static let report = "/api/v1/report?from=2027-01-01&to=2027-01-15"

    static func json(_ reply: WebClient.Reply) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])
    }

    @Test(
        "A person's export holds their claims and decisions; erasing them pseudonymises every row, keeps the report, and leaves their id in no table",
        arguments: [AppBackend.inMemory, .sqlite, .postgres])
    func exportAndErase(backend: AppBackend) async throws {
        let sql = backend == .inMemory ? nil : try await backend.makeSQLStorage()
        let storage: any Storage
        if let sql { storage = sql.storage } else { storage = try await backend.makeStorage() }
        let fixture = WebFixture(storage: storage)
        try await fixture.run { anonymous in
            let (alice, seed, submissions, _) = try await DashboardAPITests.seeded(fixture, anonymous)
            let bob = try await alice.send(.post, "/api/v1/members", json: #"{"email":"bob@acme.example"}"#)
            #expect(bob.status == .created)
            let viewer = try await anonymous.signedIn("bob@acme.example", mailer: fixture.mailer)
            let applicant = #"{"person":"\#(Seed.applicant)"}"#
            #expect(try await viewer.send(.post, "/api/v1/privacy/export", json: applicant).status == .forbidden)
            #expect(
                try await viewer.send(
                    .post, "/api/v1/privacy/erase", json: #"{"person":"\#(Seed.applicant)","confirm":true}"#
                )
                .status == .forbidden)

            let export = try await alice.send(.post, "/api/v1/privacy/export", json: applicant)
            #expect(export.status == .ok)
            #expect(export.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            let document = try Self.json(export)
            #expect(document["format"] as? String == "kopi.personal-data/1")
            let claims = try #require(document["claims"] as? [[String: Any]])
            #expect(claims.count == 3)
            #expect(
                claims.allSatisfy { ($0["checks"] as? [Any])?.count == 1 && ($0["auditTrail"] as? [Any])?.count == 2 })
            let approver = try Self.json(
                try await alice.send(.post, "/api/v1/privacy/export", json: #"{"person":"\#(Seed.approver)"}"#))
            #expect((approver["decisions"] as? [Any])?.count == 2 && (approver["cards"] as? [Any])?.count == 3)
            #expect((approver["claims"] as? [Any])?.isEmpty == true)
            let member = try Self.json(
                try await alice.send(.post, "/api/v1/privacy/export", json: #"{"person":"bob@acme.example"}"#))
            #expect((member["account"] as? [String: Any])?["role"] as? String == "viewer")
            #expect((member["auditEntries"] as? [Any])?.count == 1, "the invitation names bob by account id")

            _ = try await anonymous.signedIn("stranger@other.example", mailer: fixture.mailer)
            let stranger = try Self.json(
                try await alice.send(.post, "/api/v1/privacy/export", json: #"{"person":"stranger@other.example"}"#))
            #expect(stranger["account"] == nil, "another workspace's user is not shown, nor whether they exist")

            for bad in [#"{"person":"ou_"}"#, #"{"person":"Ana Lim"}"#, #"{"person":""}"#] {
                let reply = try await alice.send(.post, "/api/v1/privacy/export", json: bad)
                #expect(reply.status == .unprocessableContent && reply.errorCode == "invalid_input", "\(bad)")
            }
            let unconfirmed = try await alice.send(
                .post, "/api/v1/privacy/erase", json: applicant.dropLast() + #","confirm":false}"#)
            #expect(unconfirmed.status == .unprocessableContent)
            let me = try await alice.send(
                .post, "/api/v1/privacy/erase", json: #"{"person":"admin@acme.example","confirm":true}"#)
            #expect(me.status == .conflict && me.errorCode == "erase_self")

            let before = try await alice.get(Self.report).body
            let erased = try Self.json(
                try await alice.send(
                    .post, "/api/v1/privacy/erase", json: #"{"person":"\#(Seed.applicant)","confirm":true}"#))
            let pseudonym = try #require(erased["pseudonym"] as? String)
            #expect(pseudonym.wholeMatch(of: /erased-[0-9a-f]{16}/) != nil)
            #expect((erased["rows"] as? [String: Any])?["claims"] as? Int == 3)
            let approverErased = try Self.json(
                try await alice.send(
                    .post, "/api/v1/privacy/erase", json: #"{"person":"\#(Seed.approver)","confirm":true}"#))
            #expect((approverErased["rows"] as? [String: Any])?["decisions"] as? Int == 2)
            #expect((approverErased["rows"] as? [String: Any])?["cards"] as? Int == 3)
            let bobErased = try Self.json(
                try await alice.send(
                    .post, "/api/v1/privacy/erase", json: #"{"person":"bob@acme.example","confirm":true}"#))
            #expect(bobErased["membershipRemoved"] as? Bool == true && bobErased["accountDeleted"] as? Bool == true)
            #expect(try await viewer.get("/api/v1/auth/me").status == .unauthorized, "bob's sessions ended")

            #expect(try await alice.get(Self.report).body == before, "the figures are the same")
            let detail = try await alice.get("/api/v1/approvals/\(submissions[0].id)")
            #expect(detail.status == .ok && detail.body.contains(pseudonym))
            for id in [Seed.applicant, Seed.approver, "bob@acme.example"] { #expect(!detail.body.contains(id)) }
            let again = try Self.json(try await alice.send(.post, "/api/v1/privacy/export", json: applicant))
            #expect((again["claims"] as? [Any])?.isEmpty == true && (again["auditEntries"] as? [Any])?.isEmpty == true)

            let trail = try await fixture.storage.withTenant(seed.tenantID) {
                try await $0.personalData.workspaceAudit(after: nil, limit: 50)
            }
            #expect(trail.filter { $0.action == .personalDataErased }.count == 3)
            #expect(trail.filter { $0.action == .personalDataExported }.count == 5)
            #expect(
                trail.last?.detail == ["kind": "lark_user", "found": "nothing"],
                "an export after the erasure stores no id")
            for entry in trail {
                #expect(!"\(entry.detail)".contains(Seed.applicant) && entry.actor != "bob@acme.example")
            }

            if let sql {
                for id in [Seed.applicant, Seed.approver, "bob@acme.example"] {
                    #expect(try await RowScan.tables(containing: id, in: sql).isEmpty, "\(id) is still stored")
                }
                #expect(try await RowScan.tables(containing: pseudonym, in: sql)["submissions"] == 3)
            }
        }
    }

    @Test(
        "A workspace's export is one JSON document without secrets; deleting it leaves its id in no table and keeps the other workspace",
        arguments: [AppBackend.sqlite, .postgres])
    func exportAndDeleteWorkspace(backend: AppBackend) async throws {
        let sql = try await backend.makeSQLStorage()
        let fixture = WebFixture(storage: sql.storage)
        try await fixture.run { anonymous in
            let carol = try await anonymous.signedIn("carol@other.example", mailer: fixture.mailer)
            let otherID = try #require(
                (try await carol.get("/api/v1/auth/me").object["activeWorkspace"] as? String).flatMap(TenantID.init))
            let otherSeed = Seed(storage: fixture.storage, tenantID: otherID)
            try await otherSeed.approval(
                flow: try await otherSeed.flow(), instance: LarkIDs.instanceCode(), vendor: "Grab", amount: 100,
                submittedAt: DashboardAPITests.now, findings: Seed.green)

            let (alice, seed, _, _) = try await DashboardAPITests.seeded(fixture, anonymous)
            for email in ["bob@acme.example", "carol@other.example"] {
                #expect(
                    try await alice.send(.post, "/api/v1/members", json: #"{"email":"\#(email)"}"#).status == .created)
            }
            let tenant = try #require(try await fixture.storage.directory.tenant(id: seed.tenantID))
            try await fixture.storage.withTenant(tenant.id) { scope async throws in
                try await scope.tenant.saveLarkConnection(
                    LarkConnection(
                        tenantID: tenant.id, appID: LarkIDs.appID(), appSecret: Secret("CANARY-SECRET-2b7e"),
                        encryptKey: Secret("CANARY-KEY-88aa"), verificationToken: Secret("CANARY-TOKEN-0c1d"),
                        updatedAt: DashboardAPITests.now))
                _ = try await scope.inbox.insertIfAbsent(
                    InboxEvent(
                        tenantID: tenant.id, eventID: LarkIDs.eventID(), type: "approval_instance",
                        receivedAt: DashboardAPITests.now))
                _ = try await scope.scheduler.enqueue(
                    Job(
                        id: Identifier(UUID()), tenantID: tenant.id, kind: .processInstance,
                        subject: Seed.instances[1], maxAttempts: 3, runAt: DashboardAPITests.now,
                        createdAt: DashboardAPITests.now))
            }

            let export = try await alice.get("/api/v1/workspace/export")
            #expect(export.status == .ok)
            #expect(export.headers[.contentDisposition]?.contains("kopi-workspace-\(tenant.id).json") == true)
            let document = try Self.json(export)
            #expect(document["format"] as? String == "kopi.workspace/1")
            #expect((document["claims"] as? [[String: Any]])?.count == 3)
            #expect((document["learnedRules"] as? [Any])?.count == 1)
            #expect(
                Set(((document["members"] as? [[String: Any]]) ?? []).compactMap { $0["email"] as? String }) == [
                    "admin@acme.example", "bob@acme.example", "carol@other.example",
                ])
            #expect(
                ((document["workspaceAudit"] as? [[String: Any]]) ?? []).contains {
                    $0["action"] as? String == "workspace_exported"
                })
            for canary in ["CANARY-SECRET-2b7e", "CANARY-KEY-88aa", "CANARY-TOKEN-0c1d", "carol's workspace"] {
                #expect(!export.body.contains(canary))
            }
            #expect(!export.body.contains(otherID.description), "nothing of the other workspace")

            let bob = try await anonymous.signedIn("bob@acme.example", mailer: fixture.mailer)
            #expect(try await bob.get("/api/v1/workspace/export").status == .forbidden)
            #expect(
                try await bob.send(.post, "/api/v1/workspace/delete", json: #"{"confirm":"\#(tenant.name)"}"#).status
                    == .forbidden)
            let wrong = try await alice.send(.post, "/api/v1/workspace/delete", json: #"{"confirm":"acme"}"#)
            #expect(wrong.status == .unprocessableContent && wrong.errorCode == "invalid_input")
            #expect(try await fixture.storage.directory.tenant(id: tenant.id) != nil)

            let needles = [tenant.id.description, tenant.endpointID.value, "admin@acme.example", "bob@acme.example"]
            for needle in needles { #expect(try await !RowScan.tables(containing: needle, in: sql).isEmpty) }
            let deleted = try await alice.send(
                .post, "/api/v1/workspace/delete", json: #"{"confirm":"\#(tenant.name)"}"#)
            #expect(deleted.status == .ok)
            let body = try Self.json(deleted)
            #expect(body["accountsDeleted"] as? Int == 2 && body["callerDeleted"] as? Bool == true)
            #expect(deleted.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await alice.get("/api/v1/auth/me").status == .unauthorized)
            #expect(try await bob.get("/api/v1/auth/me").status == .unauthorized)

            #expect(try await RowScan.tableCount(in: sql) >= 17)
            for needle in needles + Seed.instances[1...3] {
                let left = try await RowScan.tables(containing: needle, in: sql)
                #expect(left.isEmpty, "\(needle) remains in \(left)")
            }
            // Carol stays, in her own workspace, with its data.
            #expect(try await carol.get("/api/v1/approvals").items.count == 1)
            #expect(try await RowScan.tables(containing: otherID.description, in: sql)["submissions"] == 1)
        }
    }
}
