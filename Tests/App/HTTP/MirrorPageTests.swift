import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Ports
import Testing

@testable import Application
@testable import HTTP

/// Mirror on the dashboard and the API: import the written policy, review what the AI proposed
/// (an invented quotation refused), edit, accept and reject; only accepted rules reach the policy.
@Suite("Mirror: importing the written policy", .serialized)
struct MirrorPageTests {
    static let english = """
        Acme Travel and Expense Policy 2026
        1. Meals are reimbursed up to SGD 50.00 per person per meal.
        2. Expenses at casinos are never reimbursed.
        3. Claims must be submitted within 30 days of the expense.
        """

    static let rules = [
        FakePolicyRule(
            kind: "category_cap", category: "meals", amount: "50.00", currency: "SGD",
            quote: "Meals are reimbursed up to SGD 50.00 per person per meal."),
        // Invented: the policy says 30 days.
        FakePolicyRule(
            kind: "submission_window", days: 60, quote: "Claims must be submitted within 60 days of the expense."),
        FakePolicyRule(kind: "prohibited_vendor", vendor: "casino", quote: "Expenses at casinos are never reimbursed."),
    ]

    static func upload(_ web: WebClient, _ fields: [(String, String)], file: (name: String, bytes: [UInt8])? = nil)
        async throws -> WebClient.Reply
    {
        try await web.upload("/policy/import", fields: fields, file: file)
    }

    @Test(
        "An admin pastes the policy; the invented quotation is refused, the others are edited, accepted or rejected, and only accepted rules reach the policy",
        arguments: AppBackend.allCases)
    func pasteAndReview(backend: AppBackend) async throws {
        let storage = try await backend.makeStorage()
        let ai = try await FakeAnthropicServer.start()
        await ai.state.setPolicyRules(Self.rules)
        let fixture = {
            var fixture = WebFixture(storage: storage)
            fixture.anthropicBaseURL = ai.baseURL
            return fixture
        }()
        try await fixture.run { anonymous in
            let admin = try await anonymous.signedIn("admin@acme.example", mailer: fixture.mailer)
            let empty = try await admin.get("/policy")
            #expect(empty.status == .ok && empty.body.contains(#"enctype="multipart/form-data""#))
            let csrf = try #require(PageTests.csrf(empty.body))
            let imported = try await Self.upload(
                admin, [("_csrf", csrf), ("name", "Policy 2026"), ("text", Self.english)])
            #expect(imported.status == .seeOther)
            #expect(await ai.state.policies == [Self.english])
            let page = try await admin.get("/policy")
            #expect(page.body.contains("Policy 2026") && page.body.contains("Meals are reimbursed up to SGD 50.00"))
            #expect(page.body.contains("The quoted sentence is not in the document word for word"))

            let listed = try await admin.get("/api/v1/policy/proposals").items
            #expect(listed.map { $0["status"] as? String } == ["proposed", "refused", "proposed"])
            #expect(listed[1]["refusal"] as? String == "quote_not_in_document")
            let (cap, invented, casino) = (
                try #require(listed[0]["id"] as? String), try #require(listed[1]["id"] as? String),
                try #require(listed[2]["id"] as? String)
            )
            let refusedAccept = try await admin.send(.post, "/api/v1/policy/proposals/\(invented)/accept")
            #expect(refusedAccept.status == .conflict && refusedAccept.errorCode == "proposal_not_open")
            #expect(
                try await admin.send(.post, "/policy/proposals/\(invented)/accept", form: "_csrf=\(csrf)").status
                    == .conflict)

            let edited = try await admin.send(
                .post, "/policy/proposals/\(cap)",
                form: PageTests.form([
                    "_csrf": csrf, "kind": "category_cap", "category": "meals", "amount": "45.00 SGD",
                ]))
            #expect(edited.status == .seeOther)
            let wrongKind = try await admin.send(
                .patch, "/api/v1/policy/proposals/\(cap)", json: #"{"kind":"submission_window","days":10}"#)
            #expect(wrongKind.status == .unprocessableContent)
            #expect(
                try await admin.send(.post, "/policy/proposals/\(cap)/accept", form: "_csrf=\(csrf)").status
                    == .seeOther)
            #expect(try await admin.send(.post, "/api/v1/policy/proposals/\(casino)/reject").status == .ok)

            let policy = try await admin.get("/api/v1/policy").object
            let caps = policy["categoryCaps"] as? [String: [String: Any]]
            #expect(caps?["meals"]?["minorUnits"] as? Int == 4500)
            #expect((policy["prohibitedVendors"] as? [String])?.isEmpty == true, "a rejected rule changes nothing")
            #expect(policy["submissionWindowDays"] as? Int == 90, "a refused rule changes nothing")
            let citations = policy["citations"] as? [String: [String: Any]]
            #expect(
                citations?["cap:meals"]?["quote"] as? String
                    == "Meals are reimbursed up to SGD 50.00 per person per meal.")
            #expect(
                try await admin.get("/api/v1/policy/proposals").items.map { $0["status"] as? String } == [
                    "accepted", "refused", "rejected",
                ])
            // The settings form keeps the citations it does not show.
            let settings = try await admin.get("/settings")
            #expect(settings.body.contains(#"href="/policy""#))
            let saved = try await admin.send(
                .post, "/settings/policy",
                form: PageTests.form([
                    "_csrf": csrf, "caps": "meals = 45.00 SGD", "window": "90", "tolerance": "1", "yellow": "3",
                    "red": "6", "requireInvoice": "1", "reminder": "2",
                ]))
            #expect(saved.status == .seeOther)
            #expect(((try await admin.get("/api/v1/policy").object["citations"]) as? [String: Any])?.count == 1)

            // The workspace export carries the policy and what became of each proposal.
            let export = try await admin.get("/api/v1/workspace/export")
            let exported =
                (try JSONSerialization.jsonObject(with: Data(export.body.utf8)) as? [String: Any])?[
                    "policyDocuments"] as? [[String: Any]]
            #expect(exported?.first?["text"] as? String == Self.english)
            #expect(
                (exported?.first?["proposals"] as? [[String: Any]])?.map { $0["status"] as? String } == [
                    "accepted", "refused", "rejected",
                ])

            // A viewer reads, and may not import or decide.
            let invitedViewer = try await admin.send(
                .post, "/api/v1/members", json: #"{"email":"viewer@acme.example","role":"viewer"}"#)
            #expect(invitedViewer.status == .created)
            let viewer = try await anonymous.signedIn("viewer@acme.example", mailer: fixture.mailer)
            let viewed = try await viewer.get("/policy")
            #expect(viewed.status == .ok && !viewed.body.contains(#"action="/policy/import""#))
            #expect(viewed.body.contains("Meals are reimbursed up to SGD 50.00"))
            #expect(
                try await viewer.send(.post, "/api/v1/policy/documents", json: #"{"text":"Anything."}"#).status
                    == .forbidden)
        }
        await ai.stop()
        await (storage as? SQLStorage)?.close()
    }

    @Test(
        "A PDF is read without AI and its proposals are checked against what it really says; a scan, too large a file, and no AI are clear errors"
    )
    func pdfImport() async throws {
        let ai = try await FakeAnthropicServer.start()
        await ai.state.setPolicyRules([
            FakePolicyRule(
                kind: "invoice_required_above", amount: "25.00", currency: "SGD",
                quote: "Receipts are required for any expense above SGD 25.00."),
            FakePolicyRule(kind: "weekend_expenses_flagged", quote: "Weekend expenses are welcome."),
        ])
        let fixture = {
            var fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
            fixture.anthropicBaseURL = ai.baseURL
            return fixture
        }()
        try await fixture.run { anonymous in
            let admin = try await anonymous.signedIn("admin@acme.example", mailer: fixture.mailer)
            let pdf = TestPDF.make(lines: ["Expense policy", "Receipts are required for any expense above SGD 25.00."])
            let reply = try await admin.send(
                .post, "/api/v1/policy/documents",
                json: #"{"name":"PDF policy","pdf":"\#(Data(pdf).base64EncodedString())"}"#)
            #expect(reply.status == .created)
            let proposals = reply.object["proposals"] as? [[String: Any]] ?? []
            #expect(proposals.map { $0["status"] as? String } == ["proposed", "refused"])
            #expect(
                await ai.state.policies.first?.contains("Receipts are required for any expense above SGD 25.00.")
                    == true)
            let documentID = try #require((reply.object["document"] as? [String: Any])?["id"] as? String)
            let document = try await admin.get("/api/v1/policy/documents/\(documentID)").object
            #expect((document["text"] as? String)?.contains("Receipts are required") == true)

            let page = try await admin.get("/policy")
            let csrf = try #require(PageTests.csrf(page.body))
            let scan = try await Self.upload(
                admin, [("_csrf", csrf), ("name", "Scan")], file: ("pdf", TestPDF.blank()))
            #expect(scan.status == .unprocessableContent && scan.body.contains("no text to read"))
            let both = try await admin.send(.post, "/api/v1/policy/documents", json: #"{"text":"a","pdf":"JVBERi0="}"#)
            #expect(both.status == .unprocessableContent)
            let blank = try await admin.send(.post, "/api/v1/policy/documents", json: #"{"text":"   "}"#)
            #expect(blank.status == .unprocessableContent)
        }
        await ai.stop()

        let offline = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await offline.run { anonymous in
            let admin = try await anonymous.signedIn("admin@acme.example", mailer: offline.mailer)
            let reply = try await admin.send(.post, "/api/v1/policy/documents", json: #"{"text":"Meals up to 50."}"#)
            #expect(reply.status == .serviceUnavailable && reply.errorCode == "ai_not_configured")
            let page = try await admin.get("/policy")
            #expect(page.body.contains("KOPI_ANTHROPIC_API_KEY") && page.body.contains("disabled>"))
        }
    }
}
