import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Ports
import Testing

@testable import Application
@testable import HTTP

/// Foreign currencies end to end: the composition root's feed adapter against a loopback ECB
/// double, the rates cached in the database, the check converting at the expense day's rate,
/// the card showing both amounts; a feed that fails leaves a "not converted" finding; admins'
/// manual rates through the API.
@Suite("Foreign currencies end to end", .serialized)
struct ForeignCurrencyTests {
    static let usd = CurrencyCode("USD")!
    /// The claim of ``PipelineWorld``: 120.50 SGD of transport on 2026-11-20 (a Friday).
    static let expenseDay = RateDay("2026-11-20")!

    static func world(_ feed: FakeRateFeedServer, onPostgres: Bool = false) async throws -> PipelineWorld {
        let world = try await PipelineWorld.make(
            onPostgres: onPostgres, composedWith: ["KOPI_EXCHANGE_RATE_FEED_URL": feed.url])
        try await world.storage.withTenant(world.tenantID) { scope in
            try await scope.tenant.savePolicy(
                PolicySettings(
                    categoryCaps: ["transport": Money(decimal: "50.00", currency: usd)!], baseCurrency: usd))
        }
        return world
    }

    static func check(_ world: PipelineWorld) async throws -> Check {
        let id = try #require(try await world.submission()).id
        return try #require(
            try await world.storage.withTenant(world.tenantID) { try await $0.approvals.latestCheck(for: id) })
    }

    @Test(
        "A claim in SGD under a USD cap and base: the feed fetched once and cached, the cap applied at the day's rate, both amounts on the card",
        arguments: [false, true])
    func converted(onPostgres: Bool) async throws {
        let feed = try await FakeRateFeedServer.start()
        feed.publish(day: "2026-11-19", rates: ["USD": "1.0400", "SGD": "1.3900"])
        feed.publish(day: "2026-11-20", rates: ["USD": "1.0500", "SGD": "1.4000", "JPY": "160.00"])
        let world = try await Self.world(feed, onPostgres: onPostgres)
        try await world.push(world.instanceEvent())
        await world.drain()
        let submission = try #require(try await world.submission())
        // 120.50 SGD × 1.05 / 1.40 = 90.375 → 90.38 USD.
        #expect(submission.baseTotal == Money(decimal: "90.38", currency: Self.usd))
        let cap = try #require(try await Self.check(world).findings.first { $0.code == .policyCapExceeded })
        #expect(cap.severity == .red && cap.message.contains("120.50 SGD (90.38 USD at the 2026-11-20 rate)"))
        #expect(cap.evidence.entries["rate"] == "0.75")
        let card = try #require(await world.lark.state.sentCards.first?.content)
        #expect(card.contains("120.50 SGD ≈ 90.38 USD"))
        #expect(feed.requests == 1)
        #expect(try await world.storage.referenceRates.latestDay(onOrBefore: Self.expenseDay) == Self.expenseDay)
        // Cached: the same day does not ask the feed again.
        await ExchangeRateService(services: world.services).prepare(days: [Self.expenseDay])
        #expect(feed.requests == 1)
        let totals = try await world.storage.withTenant(world.tenantID) {
            try await $0.approvals.claimedTotals(
                from: Date(timeIntervalSince1970: 0), to: Date().addingTimeInterval(86400))
        }
        #expect(totals == [CurrencyTotal(total: Money(decimal: "90.38", currency: Self.usd)!, claims: 1)])
        await world.stop()
        await feed.stop()
    }

    @Test(
        "The feed failing: the check says not converted (yellow), never skips the cap; a manual rate then converts it")
    func notConverted() async throws {
        let feed = try await FakeRateFeedServer.start()
        feed.setMode(.status(503))
        let world = try await Self.world(feed)
        try await world.push(world.instanceEvent())
        await world.drain()
        let findings = try await Self.check(world).findings
        let unconverted = try #require(findings.first { $0.code == .amountNotConverted })
        #expect(unconverted.severity == .yellow && unconverted.message.contains("not converted to USD"))
        #expect(!findings.contains { $0.code == .policyCapExceeded })
        #expect(try await world.submission()?.baseTotal == nil)
        #expect(try #require(await world.lark.state.sentCards.first?.content).contains("120.50 SGD") == true)
        #expect(world.logs.text.contains("reference rates not fetched"))
        #expect(feed.requests == 1)

        let rate = try #require(
            ExchangeRate(
                from: CurrencyCode("SGD")!, to: Self.usd, rate: Decimal(string: "0.74")!, day: RateDay("2026-11-01")!,
                source: .manual))
        try await world.storage.withTenant(world.tenantID) { try await $0.rates.setManualRate(rate, at: Date()) }
        _ = try await SubmissionProcessor(services: world.services).process(
            instanceCode: world.instanceCode, tenant: world.tenantID, refresh: true)
        let rechecked = try await Self.check(world).findings
        #expect(
            rechecked.contains {
                $0.code == .policyCapExceeded && $0.message.contains("(89.17 USD at the 2026-11-01 rate)")
            })
        #expect(!rechecked.contains { $0.code == .amountNotConverted })
        #expect(feed.requests == 1, "the failed feed is not asked again at once")
        await world.stop()
        await feed.stop()
    }

    @Test(
        "Admins set, list and remove manual rates through the API (audited); bad rates are refused; viewers only read")
    func manualRatesAPI() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { anonymous in
            let admin = try await anonymous.signedIn("admin@acme.example", mailer: fixture.mailer)
            let saved = try await admin.send(
                .put, "/api/v1/exchange-rates", json: #"{"from":"jpy","to":"SGD","rate":"0.0087","day":"2026-11-18"}"#)
            #expect(
                saved.status == .ok && saved.object["from"] as? String == "JPY"
                    && saved.object["rate"] as? String == "0.0087")
            let listed = try await admin.get("/api/v1/exchange-rates").items
            #expect(listed.count == 1 && listed[0]["day"] as? String == "2026-11-18")
            for (body, code) in [
                (#"{"from":"SGD","to":"SGD","rate":"1","day":"2026-11-18"}"#, "invalid_rate"),
                (#"{"from":"SGD","to":"USD","rate":"1e3","day":"2026-11-18"}"#, "invalid_rate"),
                (#"{"from":"SGD","to":"USD","rate":"0","day":"2026-11-18"}"#, "invalid_rate"),
                (#"{"from":"SG","to":"USD","rate":"1.2","day":"2026-11-18"}"#, "invalid_currency"),
                (#"{"from":"SGD","to":"USD","rate":"1.2","day":"2026-02-30"}"#, "invalid_day"),
            ] {
                let refused = try await admin.send(.put, "/api/v1/exchange-rates", json: body)
                #expect(refused.status == .unprocessableContent && refused.errorCode == code, "\(body)")
            }
            #expect(
                try await admin.send(
                    .post, "/api/v1/members", json: #"{"email":"viewer@acme.example","role":"viewer"}"#
                ).status == .created)
            let viewer = try await anonymous.signedIn("viewer@acme.example", mailer: fixture.mailer)
            #expect(try await viewer.get("/api/v1/exchange-rates").items.count == 1)
            let forbidden = try await viewer.send(
                .put, "/api/v1/exchange-rates", json: #"{"from":"USD","to":"SGD","rate":"1.35","day":"2026-11-18"}"#)
            #expect(forbidden.status == .forbidden)
            #expect(try await viewer.send(.delete, "/api/v1/exchange-rates/JPY/SGD/2026-11-18").status == .forbidden)
            #expect(try await admin.send(.delete, "/api/v1/exchange-rates/JPY/SGD/2026-11-18").status == .noContent)
            #expect(try await admin.send(.delete, "/api/v1/exchange-rates/JPY/SGD/2026-11-18").status == .notFound)
            #expect(try await admin.get("/api/v1/exchange-rates").items.isEmpty)
            let policy = try await admin.send(.put, "/api/v1/policy", json: #"{"baseCurrency":"sgd"}"#)
            #expect(policy.status == .ok)
            #expect(try await admin.get("/api/v1/policy").object["baseCurrency"] as? String == "SGD")
            #expect(try await admin.get("/api/v1/report").object["baseCurrency"] as? String == "SGD")
            // The settings page sets and removes them too.
            let page = try await admin.get("/settings")
            let csrf = try #require(PageTests.csrf(page.body))
            #expect(page.body.contains(#"id="rates""#) && page.body.contains("No manual rates."))
            let posted = try await admin.send(
                .post, "/settings/rates",
                form: PageTests.form(["_csrf": csrf, "from": "usd", "to": "sgd", "rate": "1.3542", "day": "2026-11-02"])
            )
            #expect(posted.status == .seeOther)
            #expect(try await admin.get("/settings").body.contains("<td>1 USD</td><td>SGD</td><td>1.3542</td>"))
            let badForm = try await admin.send(
                .post, "/settings/rates",
                form: PageTests.form(["_csrf": csrf, "from": "usd", "to": "usd", "rate": "1", "day": "2026-11-02"]))
            #expect(badForm.status == .unprocessableContent)
            let removed = try await admin.send(
                .post, "/settings/rates/delete",
                form: PageTests.form(["_csrf": csrf, "from": "USD", "to": "SGD", "day": "2026-11-02"]))
            #expect(removed.status == .seeOther)
            #expect(try await admin.get("/api/v1/exchange-rates").items.isEmpty)
            let tenant = try #require(
                (try await admin.get("/api/v1/auth/me").object["activeWorkspace"] as? String).flatMap(TenantID.init))
            let audit = try await fixture.storage.withTenant(tenant) {
                try await $0.personalData.workspaceAudit(after: nil, limit: 50)
            }
            #expect(audit.filter { $0.action == .exchangeRateSet }.map { $0.detail["rate"] } == ["0.0087", "1.3542"])
            #expect(
                audit.filter { $0.action == .exchangeRateRemoved }.map(\.actor) == [
                    "admin@acme.example", "admin@acme.example",
                ])
        }
    }
}
