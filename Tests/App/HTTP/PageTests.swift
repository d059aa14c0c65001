import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Dashboard pages: sign-in, approvals, audit, rules, report, settings")
struct PageTests {
    static func csrf(_ body: String) -> String? {
        body.components(separatedBy: #"name="_csrf" value=""#).dropFirst().first?.components(separatedBy: "\"").first
    }

    static func form(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }

    @Test("Sign in through the pages: request, confirm page without the token, POST confirm sets the cookie once")
    func signInPages() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { web in
            let page = try await web.get("/sign-in")
            #expect(
                page.status == .ok && page.body.contains(#"action="/sign-in""#)
                    && !page.body.contains("Sign in with Google"))
            let csp = page.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
            #expect(
                csp.contains("form-action 'self'") && csp.contains("frame-ancestors 'none'")
                    && !csp.contains("unsafe-inline"))
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(try await web.get("/approvals").headers[.location] == "/sign-in")

            let sent = try await web.send(.post, "/sign-in", form: Self.form(["email": "page@acme.example"]))
            #expect(sent.status == .accepted && sent.body.contains("page@acme.example"))
            let bad = try await web.send(.post, "/sign-in", form: Self.form(["email": "nope"]))
            #expect(bad.status == .unprocessableContent && bad.body.contains("Enter an e-mail address"))

            let token = try #require(fixture.mailer.token(for: "page@acme.example"))
            let confirm = try await web.get("/sign-in/confirm")
            #expect(confirm.status == .ok && confirm.body.contains(#"<script src="/assets/confirm.js"></script>"#))
            #expect(confirm.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(try await web.get("/assets/confirm.js").body.contains("replaceState"))

            let signedIn = try await web.send(.post, "/sign-in/confirm", form: Self.form(["token": token]))
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/approvals")
            #expect(signedIn.headers[.setCookie]?.hasPrefix("__Host-kopi_session=") == true)
            let reused = try await web.send(.post, "/sign-in/confirm", form: Self.form(["token": token]))
            #expect(
                reused.status == .badRequest && reused.body.contains("no longer works")
                    && reused.headers[.setCookie] == nil)

            let crossSite = try await web.send(
                .post, "/sign-in/confirm", form: Self.form(["token": token]),
                headers: [HTTPField.Name("Origin")!: "https://evil.example"])
            #expect(crossSite.status == .forbidden, "login CSRF: a foreign page cannot post a link for the victim")

            var user = web
            user.cookie = signedIn.headers[.setCookie].map { String($0.split(separator: ";")[0]) }
            let approvals = try await user.get("/approvals")
            #expect(approvals.status == .ok && approvals.body.contains("page@acme.example"))
            #expect(!approvals.body.contains(#"href="/demo""#), "without the demo installed, no page offers it")
            #expect(try await user.get("/demo").status == .notFound)
            let csrf = try #require(Self.csrf(approvals.body))
            #expect(try await user.send(.post, "/sign-out", form: "_csrf=wrong").status == .forbidden)
            let out = try await user.send(.post, "/sign-out", form: Self.form(["_csrf": csrf]))
            #expect(out.status == .seeOther && out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await user.get("/approvals").headers[.location] == "/sign-in")
        }
    }

    @Test("Approvals list and audit page show verdicts, findings with evidence and rule, and escape what users typed")
    func approvalPages() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let (web, seed, submissions, _) = try await DashboardAPITests.seeded(fixture, anonymous)
            let hostile = try await seed.approval(
                flow: try await seed.flow(), instance: Seed.instances[7], vendor: #"<script>alert("x")</script>"#,
                amount: 100,
                submittedAt: DashboardAPITests.now, findings: Seed.yellow)
            let list = try await web.get("/approvals")
            #expect(list.status == .ok)
            #expect(list.body.contains(#"class="verdict red""#) && list.body.contains(#"class="verdict green""#))
            #expect(!list.body.contains("<script>alert") && list.body.contains("&lt;script&gt;"))
            #expect(try await web.get("/approvals?verdict=red").body.components(separatedBy: "/approvals/").count == 2)

            let audit = try await web.get("/approvals/\(submissions[1].id)")
            #expect(audit.status == .ok)
            for text in [
                "policy.cap_exceeded", "Rule: meals cap", "<dt>cap</dt><dd>50.00 SGD</dd>", "Received from Lark",
                "Checked: red", "Rejected by",
            ] {
                #expect(audit.body.contains(text), "\(text)")
            }
            #expect(try await web.get("/approvals/\(hostile.id)").body.contains("&lt;script&gt;"))
            let missing = try await web.get("/approvals/\(UUID().uuidString)")
            #expect(missing.status == .notFound && missing.body.contains("Not found"))
        }
    }

    @Test("Rules page edits a band only with the form's CSRF token; report page draws SVG charts")
    func rulesAndReport() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let (web, _, _, pattern) = try await DashboardAPITests.seeded(fixture, anonymous)
            let rules = try await web.get("/rules")
            #expect(rules.body.contains(#"value="10.00""#))
            let csrf = try #require(Self.csrf(rules.body))
            #expect(
                try await web.send(.post, "/rules/\(pattern.id)", form: Self.form(["lower": "1", "upper": "2"])).status
                    == .forbidden)
            let invalid = try await web.send(
                .post, "/rules/\(pattern.id)", form: Self.form(["_csrf": csrf, "lower": "9", "upper": "2"]))
            #expect(invalid.status == .unprocessableContent && invalid.body.contains("must not exceed"))
            let saved = try await web.send(
                .post, "/rules/\(pattern.id)", form: Self.form(["_csrf": csrf, "lower": "11.00", "upper": "40.00"]))
            #expect(saved.status == .seeOther && saved.headers[.location] == "/rules?done=rule")
            let after = try await web.get("/rules?done=rule")
            #expect(after.body.contains(#"value="40.00""#) && after.body.contains("Rule saved."))

            let report = try await web.get("/report?from=2027-01-01&to=2027-01-15")
            #expect(report.status == .ok)
            #expect(
                report.body.contains(#"<svg class="chart""#) && report.body.contains("amount.above_norm")
                    && report.body.contains("67%"))
            #expect(try await web.get("/report?from=bad").status == .unprocessableContent)
        }
    }

    @Test("Settings pages onboard a workspace: connect Lark, add a flow, correct its mapping, set policy, invite")
    func onboarding() async throws {
        try await OnboardingAPITests.withLark { fixture, lark in
            try await fixture.run { anonymous in
                let web = try await anonymous.signedIn("ops@acme.example", mailer: fixture.mailer)
                let settings = try await web.get("/settings")
                #expect(
                    settings.status == .ok && settings.body.contains("Encrypt Key")
                        && settings.body.contains("authenticates nothing"))
                let csrf = try #require(Self.csrf(settings.body))

                let missing = try await web.send(
                    .post, "/settings/lark", form: Self.form(["_csrf": csrf, "appId": "cli_a6cf4d56fe78d013"]))
                #expect(missing.status == .unprocessableContent && missing.body.contains("Encrypt Key is required"))
                let connected = try await web.send(
                    .post, "/settings/lark",
                    form: Self.form([
                        "_csrf": csrf, "domain": "lark", "appId": "cli_a6cf4d56fe78d013",
                        "appSecret": "secret-onboard-canary",
                        "encryptKey": "encrypt-onboard-canary", "verificationToken": "token-onboard-canary",
                    ]))
                #expect(connected.status == .seeOther)
                let shown = try await web.get("/settings?done=lark")
                #expect(
                    shown.body.contains("configured") && shown.body.contains("/lark/")
                        && shown.body.contains("Lark is connected"))
                for canary in ["secret-onboard-canary", "encrypt-onboard-canary", "token-onboard-canary"] {
                    #expect(!shown.body.contains(canary))
                }

                let added = try await web.send(
                    .post, "/settings/flows",
                    form: Self.form(["_csrf": csrf, "approvalCode": "7C468A54-8745-2245-9675-08B7C63E7A85"]))
                #expect(added.status == .seeOther)
                let flowPage = try #require(added.headers[.location])
                let flow = try await web.get(flowPage)
                #expect(
                    flow.body.contains(#"<option value="c-amount" selected>"#)
                        && flow.body.contains("Expense details › Merchant"))
                let flowPath = String(flowPage.split(separator: "?")[0])
                let remapped = try await web.send(
                    .post, flowPath,
                    form: Self.form([
                        "_csrf": csrf, "amount": "c-amount", "detailTable": "w-lines", "vendor": "w-title",
                        "defaultCurrency": "sgd",
                    ]))
                #expect(remapped.status == .seeOther)
                #expect(try await web.get(flowPath).body.contains(#"<option value="w-title" selected>"#))
                let wrong = try await web.send(
                    .post, flowPath, form: Self.form(["_csrf": csrf, "amount": "w-invoices"]))
                #expect(wrong.status == .unprocessableContent && wrong.body.contains("cannot hold it"))

                let badPolicy = try await web.send(
                    .post, "/settings/policy",
                    form: Self.form([
                        "_csrf": csrf, "caps": "meals fifty", "window": "30", "tolerance": "1", "yellow": "3",
                        "red": "2",
                    ]))
                #expect(badPolicy.status == .unprocessableContent && badPolicy.body.contains("category = 50.00 SGD"))
                let policy = try await web.send(
                    .post, "/settings/policy",
                    form: Self.form([
                        "_csrf": csrf, "caps": "Meals = 50.00 SGD\ntaxi = 80 SGD", "window": "30", "tolerance": "1.5",
                        "yellow": "3", "red": "6",
                        "timeZone": "Asia/Singapore", "requireInvoice": "1", "prohibited": "Casino Royale",
                        "retention": "400",
                    ]))
                #expect(policy.status == .seeOther)
                let tenantID = try #require(
                    (try await web.get("/api/v1/auth/me").object["activeWorkspace"] as? String).flatMap(TenantID.init))
                let stored = try await fixture.storage.withTenant(tenantID) { try await $0.tenant.policy() }
                #expect(
                    stored.categoryCaps["meals"]?.minorUnits == 5000 && stored.totalToleranceBasisPoints == 150
                        && stored.timeZoneIdentifier == "Asia/Singapore")
                #expect(stored.prohibitedVendors == ["Casino Royale"] && !stored.flagWeekendExpenses)
                #expect(stored.retentionDays == 400)
                #expect(
                    try await web.get("/settings").body.contains(
                        #"name="retention" type="number" min="30" max="36500" value="400""#))

                let invited = try await web.send(
                    .post, "/settings/members",
                    form: Self.form(["_csrf": csrf, "email": "new@acme.example", "role": "approver"]))
                #expect(invited.status == .seeOther)
                #expect(try await web.get("/settings").body.contains("new@acme.example"))
                _ = lark
            }
        }
    }

    @Test(
        "Admins see dead letters with their error code, and retry or discard them; another workspace's job is not found"
    )
    func deadLetters() async throws {
        let storage = InMemoryStorage(sealer: TestServices.sealer)
        let fixture = WebFixture(storage: storage)
        try await fixture.run { anonymous in
            let web = try await anonymous.signedIn("ops@acme.example", mailer: fixture.mailer)
            let tenantID = try #require(
                (try await web.get("/api/v1/auth/me").object["activeWorkspace"] as? String).flatMap(TenantID.init))
            let other = Tenant(
                id: SystemRandomness().identifier(), name: "Other", larkDomain: .lark,
                endpointID: SystemRandomness().endpointID(), createdAt: Date())
            let stranger = User(id: UserID(UUID()), email: EmailAddress("owner@other.example")!, createdAt: Date())
            try await storage.directory.createUser(stranger)
            try await storage.directory.createWorkspace(other, owner: stranger.id)
            var dead: [TenantID: JobID] = [:]
            for tenant in [tenantID, other.id] {
                let job = Job(
                    id: SystemRandomness().identifier(), tenantID: tenant, kind: .processInstance,
                    subject: LarkIDs.instanceCode(), maxAttempts: 1, runAt: Date(), createdAt: Date())
                try await storage.withTenant(tenant) { _ = try await $0.scheduler.enqueue(job) }
                let claimed = try #require(try await storage.jobs.claim(worker: "w", lease: .seconds(60), now: Date()))
                _ = try await storage.jobs.fail(
                    claimed.id, worker: "w", errorCode: "lark.forbidden(1390001)", retryAt: nil, now: Date())
                dead[claimed.tenantID] = claimed.id
            }
            let mine = try #require(dead[tenantID])
            let foreign = try #require(dead[other.id])
            let page = try await web.get("/settings")
            #expect(page.body.contains(#"id="dead-letters""#) && page.body.contains("lark.forbidden(1390001)"))
            #expect(page.body.contains("/settings/jobs/\(mine)/retry") && !page.body.contains(foreign.description))
            let csrf = try #require(Self.csrf(page.body))

            let stolen = try await web.send(
                .post, "/settings/jobs/\(foreign)/discard", form: Self.form(["_csrf": csrf]))
            #expect(stolen.status == .notFound)
            let retried = try await web.send(.post, "/settings/jobs/\(mine)/retry", form: Self.form(["_csrf": csrf]))
            #expect(retried.status == .seeOther)
            let queued = try await storage.withTenant(tenantID) { try await $0.scheduler.job(mine) }
            #expect(queued?.state == .queued && queued?.lastError == "lark.forbidden(1390001)")
            #expect(try await web.get("/settings").body.contains("<p>None.</p>"))
            let again = try await web.send(.post, "/settings/jobs/\(mine)/discard", form: Self.form(["_csrf": csrf]))
            #expect(again.status == .notFound, "only a dead job can be discarded")
            #expect(try await storage.jobs.deadJobs(limit: 10).map(\.id) == [foreign])
        }
    }
}
