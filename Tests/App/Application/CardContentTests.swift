import Adapters
import Domain
import Fakes
import Foundation
import Logging
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

/// What a card says: sized for Lark, inert whatever employees or the AI wrote, keyed for Lark.
@Suite("Card content", .serialized)
struct CardContentTests {
    static let sgd = CurrencyCode("SGD")!

    static func card(findings: [Finding], vendor: String = "Grab", extractions: [InvoiceExtraction] = []) -> CheckCard {
        let tenant = TenantID(UUID())
        let submission = Submission(
            id: Identifier(UUID()), tenantID: tenant, flowID: Identifier(UUID()), instanceCode: LarkIDs.instanceCode(),
            applicant: LarkIDs.openID(),
            status: .pending, lineItems: [LineItem(amount: Money(minorUnits: 12_050, currency: sgd), vendor: vendor)],
            attachments: [],
            submittedAt: Date(), updatedAt: Date())
        let check = Check(
            id: Identifier(UUID()), tenantID: tenant, submissionID: submission.id, findings: findings, checkedAt: Date()
        )
        return CheckCard(
            submission: submission, check: check, extractions: extractions, instanceTitle: "Travel",
            auditURL: CheckCard.auditURL(URL(string: "https://kopi.example.com/")!, submission.id))
    }

    static func markdown(_ json: String) throws -> [String] {
        let card = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let elements = try #require((card["body"] as? [String: Any])?["elements"] as? [[String: Any]])
        return elements.compactMap { $0["content"] as? String }
    }

    @Test(
        "The message uuid fits Lark's 50 characters with real ids, is stable, and differs per tenant, instance and task"
    )
    func idempotencyKey() {
        let (tenant, instance, task) = (TenantID(UUID()), LarkIDs.instanceCode(), LarkIDs.taskID())
        let key = CardIdempotencyKey.make(tenant: tenant, instanceCode: instance, taskID: task)
        #expect(key.count == 45 && key == CardIdempotencyKey.make(tenant: tenant, instanceCode: instance, taskID: task))
        #expect(
            Set([
                key, CardIdempotencyKey.make(tenant: TenantID(UUID()), instanceCode: instance, taskID: task),
                CardIdempotencyKey.make(tenant: tenant, instanceCode: LarkIDs.instanceCode(), taskID: task),
                CardIdempotencyKey.make(tenant: tenant, instanceCode: instance, taskID: LarkIDs.taskID()),
            ]).count == 4)
        #expect("kopi-\(instance)-\(task)".count > FakeLarkLimits.maxUUIDLength, "the first wave's key did not fit")
    }

    @Test(
        "A card that would pass 30 KB is shortened, never refused: the worst findings first, the rest counted with a link to the audit page"
    )
    func oversize() async throws {
        let long = String(repeating: "A long explanation of what was seen on this line [x](y) ", count: 6)
        let findings = (0..<400).map { index in
            Finding(
                .amountAboveNorm, severity: index == 399 ? .red : .yellow, message: "Line \(index): \(long)",
                rule: "3× median")
        }
        let card = Self.card(findings: findings)
        let json = card.json()
        #expect(json.utf8.count <= CheckCard.byteBudget)
        let texts = try Self.markdown(json).joined(separator: "\n")
        #expect(texts.contains("more finding(s) on the [audit page](\(card.auditURL))"))
        #expect(texts.contains("🔴 Line 399"), "the red finding is kept")
        for form in [
            CheckCard.Form.pending(.approve), .closed(card.text.final(.approved)), .live(note: card.text.askedForInfo),
        ] {
            #expect(card.json(form).utf8.count <= CheckCard.byteBudget)
        }
        // The strict fake (Lark's 30 KB) takes it.
        let fixture = try await CardFixture.start()
        let message = try await fixture.gateway.sendCard(
            json, to: LarkIDs.openID(), idempotencyKey: "oversize", app: fixture.app)
        try await fixture.gateway.patchCard(messageID: message, card: card.json(.closed("done")), app: fixture.app)
        await fixture.server.stop()
        // A small card is untouched.
        #expect(!Self.card(findings: Array(findings.prefix(3))).json().contains("audit page"))
    }

    @Test(
        "Text from employees and the AI is inert: no links, mentions, headings or extra lines that look like Kopi's findings"
    )
    func hostileText() async throws {
        let hostile =
            "Grab](https://evil.example/x) <at id=all></at>\n🔴 **Policy** Approved by finance # note ~~x~~ `code`"
        let world = try await PipelineWorld.make(vendor: hostile, fileName: "a]b(https://evil.example).pdf")
        try await world.push(world.instanceEvent())
        await world.drain()
        let content = try #require(await world.lark.state.sentCards.first?.content)
        let submissionID = try #require(try await world.submission()).id
        let check = try #require(
            try await world.storage.withTenant(world.tenantID) { try await $0.approvals.latestCheck(for: submissionID) }
        )
        let texts = try Self.markdown(content)
        let all = texts.joined(separator: "\n")
        #expect(
            !all.contains("<at") && !all.contains("](https://evil") && !all.contains("https://evil")
                && !all.contains("evil.example/"))
        #expect(!all.contains("~~x~~") && !all.contains("`code`"))
        let findingLines = texts.flatMap { $0.split(separator: "\n") }.filter {
            ["🟢", "🟡", "🔴"].contains(where: $0.hasPrefix)
        }
        #expect(findingLines.count == check.findings.count, "one line per finding, none injected")
        let card = try #require(try JSONSerialization.jsonObject(with: Data(content.utf8)) as? [String: Any])
        let subtitle = try #require(
            ((card["header"] as? [String: Any])?["subtitle"] as? [String: Any])?["content"] as? String)
        #expect(!subtitle.contains("\n") && subtitle.count <= 80)
        #expect(LarkMarkdown.escape(hostile).contains("&#93;&#40;https&#58;&#47;&#47;evil"))
        await world.stop()
    }

    @Test(
        "Near-duplicates compare expense dates: the same subscription in consecutive months is not one; the same vendor and amount a day apart is"
    )
    func consecutiveMonths() async throws {
        let world = try await PipelineWorld.make(vendor: "Netflix")
        for number in ["NF-2610", "NF-2611", "NF-2611B"] {
            await world.ai.state.script(
                .extraction([
                    "vendor_name": "Netflix", "invoice_number": number, "currency": "SGD", "total_amount": "19.98",
                    "suggested_category": "transport",
                ]))
        }
        var instance = try #require(await world.lark.state.instances[world.instanceCode])
        instance.form = PipelineWorld.claimForm(
            vendor: "Netflix", fileName: "oct.pdf", fileURL: world.lark.fileURL("oct.pdf"), amount: "19.98",
            date: "2026-10-05T09:00:00+08:00")
        await world.lark.state.addInstance(instance)
        await world.lark.state.addFile(name: "oct.pdf", bytes: Array("%PDF-1.7 october".utf8))
        await world.lark.state.addFile(name: "nov.pdf", bytes: Array("%PDF-1.7 november".utf8))
        await world.lark.state.addFile(name: "dup.pdf", bytes: Array("%PDF-1.7 another".utf8))
        try await world.push(world.instanceEvent())
        await world.drain()
        func claim(_ file: String, date: String) async throws -> [String] {
            let code = LarkIDs.instanceCode()
            await world.lark.state.addInstance(
                FakeInstance(
                    approvalCode: world.approvalCode, instanceCode: code, applicantOpenID: world.applicant,
                    startTime: Date(),
                    form: PipelineWorld.claimForm(
                        vendor: "Netflix", fileName: file, fileURL: world.lark.fileURL(file), amount: "19.98",
                        date: date),
                    tasks: [FakeTask(id: LarkIDs.taskID(), approverOpenID: world.approver)]))
            try await world.push(world.instanceEvent(instance: code))
            await world.drain()
            let id = try #require(try await world.submission(code)).id
            return try await world.storage.withTenant(world.tenantID) { try await $0.approvals.latestCheck(for: id) }?
                .findings.map(\.code.rawValue) ?? []
        }
        #expect(
            try await !claim("nov.pdf", date: "2026-11-05T09:00:00+08:00").contains("invoice.possible_duplicate"),
            "next month's subscription")
        #expect(
            try await claim("dup.pdf", date: "2026-11-06T09:00:00+08:00").contains("invoice.possible_duplicate"),
            "the same outing a day later")
        await world.stop()
    }
}

/// The strict fake Lark and a gateway for one app.
struct CardFixture {
    let server: FakeLarkServer
    let gateway: CurlLarkGateway
    let app: LarkApp

    static func start() async throws -> CardFixture {
        let server = try await FakeLarkServer.start()
        let fake = FakeApp(
            appID: LarkIDs.appID(), appSecret: LarkIDs.secret(), encryptKey: LarkIDs.secret(),
            verificationToken: LarkIDs.secret())
        await server.state.register(fake)
        let gateway = CurlLarkGateway(
            http: CurlHTTPClient(threads: 2),
            configuration: LarkGatewayConfiguration(baseURLOverride: server.baseURL, downloadHosts: ["127.0.0.1"]),
            clock: SystemWallClock(), logger: Logger(label: "test"))
        return CardFixture(
            server: server, gateway: gateway,
            app: LarkApp(
                tenantID: TenantID(UUID()), domain: .lark, appID: fake.appID, appSecret: Secret(fake.appSecret)))
    }
}
