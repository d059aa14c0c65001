import Adapters
import Domain
import Foundation
import HTTPTypes
import Ports
import Testing

@testable import Application
@testable import HTTP

/// The dashboard's language: the browser's `Accept-Language`, a person's remembered choice, and
/// the workspace's language for what Kopi sends on its behalf.
@Suite("Dashboard language")
struct PageLanguageTests {
    static let chinese: HTTPFields = [.acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8"]

    @Test("The sign-in page follows Accept-Language, says which language it is in, and its link mail is in the same")
    func browserLanguage() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { web in
            let english = try await web.get("/sign-in")
            #expect(english.body.contains(#"<html lang="en">"#) && english.body.contains("Sign in to Kopi"))
            #expect(english.headers[.contentLanguage] == "en")
            let page = try await web.send(.get, "/sign-in", headers: Self.chinese)
            #expect(page.body.contains(#"<html lang="zh-CN">"#) && page.body.contains("<h1>登录 Kopi</h1>"))
            #expect(page.body.contains("发送登录链接到我的邮箱") && !page.body.contains("Work e-mail"))
            #expect(page.headers[.contentLanguage] == "zh-CN")
            let sent = try await web.send(
                .post, "/sign-in", form: "email=li.wei%40acme.example", headers: Self.chinese)
            #expect(sent.status == .accepted && sent.body.contains("如果 li.wei@acme.example 可以登录"))
            let mail = try #require(fixture.mailer.sent.last)
            #expect(mail.subject == "你的 Kopi 登录链接" && mail.body.contains("15 分钟内") && mail.body.contains("#token="))
            let api = try await web.send(
                .post, "/api/v1/auth/magic-link", json: #"{"email":"ana@acme.example"}"#,
                headers: [.acceptLanguage: "zh"])
            #expect(api.status == .accepted && fixture.mailer.sent.last?.subject == "你的 Kopi 登录链接")
            let cookieChosen = try await web.send(
                .get, "/sign-in", headers: [.cookie: "kopi_lang=zh-CN", .acceptLanguage: "en"])
            #expect(cookieChosen.body.contains("登录 Kopi"), "the remembered choice wins over the browser")
        }
    }

    @Test(
        "A person's choice is remembered on their account: another browser shows it after sign-in, and their link mails use it",
        arguments: AppBackend.allCases)
    func rememberedChoice(backend: AppBackend) async throws {
        let storage = try await backend.makeStorage()
        let fixture = WebFixture(storage: storage)
        try await fixture.run { anonymous in
            let web = try await anonymous.signedIn("ops@acme.example", mailer: fixture.mailer)
            let approvals = try await web.get("/approvals")
            #expect(approvals.body.contains(">Approvals</a>"))
            let csrf = try #require(PageTests.csrf(approvals.body))
            let chosen = try await web.send(
                .post, "/language", form: PageTests.form(["_csrf": csrf, "language": "zh-CN", "next": "/approvals"]))
            #expect(chosen.status == .seeOther && chosen.headers[.location] == "/approvals")
            #expect(
                chosen.headers[.setCookie]?.hasPrefix("kopi_lang=zh-CN; Path=/; Secure; HttpOnly; SameSite=Lax") == true
            )
            let user = try #require(try await storage.directory.user(email: EmailAddress("ops@acme.example")!))
            #expect(user.language == .chinese)

            // Another browser, English by default, signs in a minute later: the account's choice applies.
            fixture.clock.advance(61)
            let other = try await anonymous.signedIn("ops@acme.example", mailer: fixture.mailer)
            #expect(fixture.mailer.sent.last?.subject == "你的 Kopi 登录链接", "the link mail in their language")
            let page = try await other.send(.get, "/approvals", headers: [.acceptLanguage: "en"])
            #expect(page.body.contains(#"<html lang="zh-CN">"#) && page.body.contains(">审批</a>"))
            #expect(page.body.contains("<h1>审批</h1>") && page.body.contains("下载 CSV"))
            #expect(!page.body.contains(">Approvals</a>") && !page.body.contains("Download CSV"))
            let missing = try await other.get("/approvals/\(UUID().uuidString.lowercased())")
            #expect(missing.status == .notFound && missing.body.contains("<h1>未找到</h1>"))
            #expect(missing.body.contains("此工作区中没有该对象。") && missing.body.contains("返回审批列表"))
        }
        await (storage as? SQLStorage)?.close()
    }

    @Test("The language form goes back only to a path of Kopi's, and refuses a language Kopi does not write")
    func languageForm() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { web in
            for next in ["//evil.example/x", "https://evil.example", "/\\evil.example", ""] {
                let reply = try await web.send(
                    .post, "/language", form: PageTests.form(["language": "zh-CN", "next": next]))
                #expect(reply.status == .seeOther && reply.headers[.location] == "/", "\(next)")
            }
            let french = try await web.send(.post, "/language", form: "language=fr")
            #expect(french.status == .unprocessableContent)
            let foreign = try await web.send(.post, "/language", form: "language=zh-CN", origin: false)
            #expect(foreign.status == .forbidden || foreign.status == .seeOther)
        }
    }

    @Test(
        "A workspace set to Chinese invites in Chinese, and its settings page in Chinese leaves no English label behind"
    )
    func workspaceLanguage() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let web = try await anonymous.signedIn("ops@acme.example", mailer: fixture.mailer)
            let settings = try await web.get("/settings")
            let csrf = try #require(PageTests.csrf(settings.body))
            #expect(settings.body.contains(#"<select name="language"><option value="" selected>The platform"#))
            let saved = try await web.send(
                .post, "/settings/policy",
                form: PageTests.form([
                    "_csrf": csrf, "window": "90", "tolerance": "1", "yellow": "3", "red": "6",
                    "timeZone": "Asia/Shanghai",
                    "requireInvoice": "1", "reminder": "2", "language": "zh-CN",
                ]))
            #expect(saved.status == .seeOther)
            let api = try await web.get("/api/v1/policy")
            #expect(api.object["language"] as? String == "zh-CN")
            let invited = try await web.send(
                .post, "/settings/members",
                form: PageTests.form(["_csrf": csrf, "email": "li.na@acme.example", "role": "viewer"]))
            #expect(invited.status == .seeOther)
            let mail = try #require(fixture.mailer.sent.last)
            #expect(mail.subject == "你已受邀加入 Kopi 上的一个工作区" && mail.body.contains("viewer"))

            let chinese = try await web.send(.get, "/settings", headers: [.cookie: web.cookie! + "; kopi_lang=zh-CN"])
            #expect(chinese.body.contains(#"<option value="zh-CN" selected>中文（简体）"#))
            for english in [
                "Lark connection", "Members", "Exchange rates", "Dead letters", "Personal data", "Save policy",
                "Invite",
                "Category caps", "Sign out",
            ] {
                #expect(!chinese.body.contains(">\(english)<") && !chinese.body.contains(">\(english) <"), "\(english)")
            }
            #expect(chinese.body.contains("工作区语言") && chinese.body.contains("保存制度"))
            let bad = try await web.send(
                .post, "/settings/policy",
                form: PageTests.form([
                    "_csrf": csrf, "window": "90", "tolerance": "1", "yellow": "3", "red": "6", "language": "klingon",
                ]))
            #expect(bad.status == .unprocessableContent && bad.body.contains("Workspace language"))
            // In Chinese, the form's own problems and the policy's are written in Chinese.
            let chineseBad = try await web.send(
                .post, "/settings/policy",
                form: PageTests.form([
                    "_csrf": csrf, "window": "0", "tolerance": "x", "yellow": "3", "red": "6", "caps": "meals fifty",
                ]), headers: [.cookie: web.cookie! + "; kopi_lang=zh-CN"])
            #expect(chineseBad.status == .unprocessableContent)
            #expect(chineseBad.body.contains("有些字段需要修改。") && chineseBad.body.contains("容差：请输入数字。"))
            #expect(chineseBad.body.contains("类别上限：请把“meals fifty”写成 类别 = 50.00 SGD。"))
            let rangeBad = try await web.send(
                .post, "/settings/policy",
                form: PageTests.form(["_csrf": csrf, "window": "0", "tolerance": "1", "yellow": "3", "red": "6"]),
                headers: [.cookie: web.cookie! + "; kopi_lang=zh-CN"])
            #expect(rangeBad.body.contains("报销期限必须为 1 到 3650 天。"))
        }
    }
}
