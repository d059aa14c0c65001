import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Ports
import Testing

@testable import Application
@testable import HTTP

@Suite("Settings page: personal data and workspace deletion")
struct PrivacyPageTests {
    @Test(
        "An admin downloads and erases a person's data and the workspace's from the settings page; a viewer sees no such forms"
    )
    func forms() async throws {
        let storage = InMemoryStorage(sealer: TestServices.sealer)
        let fixture = WebFixture(storage: storage)
        try await fixture.run { anonymous in
            let (web, seed, _, _) = try await DashboardAPITests.seeded(fixture, anonymous)
            _ = try await web.send(.post, "/api/v1/members", json: #"{"email":"viewer@acme.example"}"#)
            let viewer = try await anonymous.signedIn("viewer@acme.example", mailer: fixture.mailer)
            let viewerPage = try await viewer.get("/settings")
            #expect(viewerPage.status == .ok && !viewerPage.body.contains(#"id="privacy""#))
            let viewerCSRF = try #require(PageTests.csrf(viewerPage.body))
            let refused = try await viewer.send(
                .post, "/settings/privacy/export",
                form: PageTests.form(["_csrf": viewerCSRF, "person": Seed.applicant]))
            #expect(refused.status == .forbidden)
            #expect(try await viewer.get("/settings/workspace/export").status == .forbidden)

            let page = try await web.get("/settings")
            let tenant = try #require(try await storage.directory.tenant(id: seed.tenantID))
            #expect(
                page.body.contains(#"id="privacy""#)
                    && page.body.contains("<strong>\(tenant.name)</strong> <input name=\"confirm\""))
            let csrf = try #require(PageTests.csrf(page.body))

            let download = try await web.send(
                .post, "/settings/privacy/export", form: PageTests.form(["_csrf": csrf, "person": Seed.applicant]))
            #expect(download.status == .ok && download.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(
                download.body.contains(#""format":"kopi.personal-data/1""#) && download.body.contains(Seed.applicant))

            let bad = try await web.send(
                .post, "/settings/privacy/export", form: PageTests.form(["_csrf": csrf, "person": "Ana Lim"]))
            #expect(bad.status == .unprocessableContent && bad.body.contains("a Lark open id"))
            let unticked = try await web.send(
                .post, "/settings/privacy/erase", form: PageTests.form(["_csrf": csrf, "person": Seed.applicant]))
            #expect(unticked.status == .unprocessableContent && unticked.body.contains("cannot be undone"))
            let noToken = try await web.send(
                .post, "/settings/privacy/erase", form: PageTests.form(["person": Seed.applicant, "confirm": "1"]))
            #expect(noToken.status == .forbidden)
            #expect(
                try await storage.withTenant(seed.tenantID) {
                    try await $0.personalData.records(of: .larkUser(openID: Seed.applicant)).claims.count
                } == 3)

            let erased = try await web.send(
                .post, "/settings/privacy/erase",
                form: PageTests.form(["_csrf": csrf, "person": Seed.applicant, "confirm": "1"]))
            #expect(erased.status == .seeOther && erased.headers[.location] == "/settings?done=erased#privacy")
            #expect(try await web.get("/settings?done=erased").body.contains("The person is erased"))
            #expect(
                try await storage.withTenant(seed.tenantID) {
                    try await $0.personalData.records(of: .larkUser(openID: Seed.applicant)).isEmpty
                })

            let everything = try await web.get("/settings/workspace/export")
            #expect(everything.status == .ok && everything.body.hasPrefix("{") && everything.body.hasSuffix("]}\n"))
            #expect(try JSONSerialization.jsonObject(with: Data(everything.body.utf8)) is [String: Any])

            let wrong = try await web.send(
                .post, "/settings/workspace/delete", form: PageTests.form(["_csrf": csrf, "confirm": "nope"]))
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("type the workspace"))
            let deleted = try await web.send(
                .post, "/settings/workspace/delete", form: PageTests.form(["_csrf": csrf, "confirm": tenant.name]))
            #expect(deleted.status == .seeOther && deleted.headers[.location] == "/sign-in")
            #expect(deleted.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await storage.directory.tenant(id: seed.tenantID) == nil)
            #expect(try await web.get("/settings").headers[.location] == "/sign-in")
        }
    }
}
