@testable import App
@testable import Adapters
import Domain
import Fakes
import Foundation
import Logging
import Ports
import Synchronization
import Testing

@Suite("The check pipeline, end to end", .serialized)
struct PipelineTests {
    static let canaryBytes = "CANARY-BYTES-5f1e9a"
    static let canaryForm = "CANARY-FORM-VALUE-77c2"

    struct World {
        let lark: FakeLarkServer
        let ai: FakeAnthropicServer
        let harness: WebhookHarness
        let services: AppServices
        let worker: Worker
        let logs: LogCapture
        /// The SQLite file, or the Postgres schema (with the owner URL that can dump it).
        let databasePath: String?
        let postgres: (ownerURL: String, schema: String)?
        let storage: SQLStorage

        func stop() async {
            await lark.stop()
            await ai.stop()
            await storage.close()
            if let databasePath {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
            }
        }

        func drain() async { while await worker.runOnce() {} }

        /// Pushes an event through the real webhook; returns the HTTP answer's body.
        @discardableResult
        func push(_ payload: Data) async throws -> String {
            let answer = BodyBox()
            try await harness.serve { base async throws in
                let (status, body) = try await harness.send(FakeLarkPusher.delivery(payload, app: harness.app), to: harness.url(base))
                #expect(status == 200)
                answer.set(body)
            }
            return answer.get()
        }

        /// Taps a button of the card as `approver`; returns Lark's view of the answer.
        func tap(_ choice: String, by approver: String, event: String = UUID().uuidString) async throws -> String {
            let submission = try #require(try await submission())
            let payload = FakeLarkPayloads.cardAction(
                app: harness.app, eventID: event, operatorOpenID: approver, value: ["kopi": submission.id.description, "choice": choice], messageID: "om_fake_1")
            let answer = BodyBox()
            try await harness.serve(services: services) { base async throws in
                let (status, body) = try await harness.send(FakeLarkPusher.delivery(payload, app: harness.app), to: harness.url(base, "card"))
                #expect(status == 200)
                answer.set(body)
            }
            return answer.get()
        }

        func decisions() async throws -> [Decision] {
            let id = try #require(try await submission()).id
            return try await harness.storage.withTenant(harness.tenant.id) { try await $0.approvals.decisions(for: id) }
        }

        func submission() async throws -> Submission? {
            try await harness.storage.withTenant(harness.tenant.id) { try await $0.approvals.submission(instanceCode: "INST-1") }
        }
    }

    static func world(
        aiConfigured: Bool = true, onPostgres: Bool = false, recheckDelay: TimeInterval = 600, limits: AttachmentLimits = AttachmentLimits()
    ) async throws -> World {
        var path: String?
        var postgres: (ownerURL: String, schema: String)?
        let storage: SQLStorage
        if onPostgres {
            let environment = ProcessInfo.processInfo.environment
            let owner = try #require(environment["KOPI_TEST_POSTGRES_OWNER_URL"], "run the suite with ./scripts/test")
            let runtime = try #require(environment["KOPI_TEST_POSTGRES_URL"])
            let schema = "p_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let admin = PostgresDatabase(conninfo: owner, maxConnections: 1)
            try await admin.transaction { try await $0.execute("CREATE SCHEMA \(schema)", []) }
            await admin.close()
            let options = "?options=-csearch_path%3D\(schema)"
            storage = try await StorageFactory.open(.postgres(url: runtime + options), sealer: TestServices.sealer, migrationURL: owner + options, maxConnections: 4)
            postgres = (owner, schema)
        } else {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-pipeline-\(UUID().uuidString).db").path
            storage = try await StorageFactory.open(.sqlite(path: path!), sealer: TestServices.sealer)
        }
        let harness = try await WebhookHarness.make(storage: storage)
        let lark = try await FakeLarkServer.start()
        let ai = try await FakeAnthropicServer.start()
        await lark.state.register(harness.app)
        await lark.state.addFile(name: "receipt.pdf", bytes: Array("%PDF-1.7 \(canaryBytes)".utf8))
        await lark.state.addInstance(FakeInstance(
            approvalCode: "DEF-1", instanceCode: "INST-1", applicantOpenID: "ou_employee", startTime: Date(),
            form: [
                ["id": "w-amount", "type": "amount", "value": "120.50", "currency": "SGD"],
                ["id": "w-vendor", "type": "input", "value": "Grab Pte Ltd"],
                ["id": "w-category", "type": "radioV2", "value": "transport"],
                ["id": "w-date", "type": "date", "value": "2026-11-20T09:00:00+08:00"],
                ["id": "w-note", "type": "textarea", "value": canaryForm],
                ["id": "w-files", "type": "attachmentV2", "ext": "receipt.pdf", "value": [lark.fileURL("receipt.pdf")]],
            ],
            tasks: [FakeTask(id: "task-1", approverOpenID: "ou_boss")]))
        let flow = MonitoredFlow(
            id: Identifier(UUID()), tenantID: harness.tenant.id, approvalCode: "DEF-1", name: "Travel",
            mapping: FormFieldMapping(amount: "w-amount", date: "w-date", category: "w-category", vendor: "w-vendor", description: "w-note", attachments: "w-files"),
            subscribed: true, createdAt: Date())
        try await storage.withTenant(harness.tenant.id) { try await $0.approvals.saveFlow(flow) }
        let logs = LogCapture()
        let logger = logs.logger()
        let services = TestServices.make(storage: storage, larkBaseURL: lark.baseURL, anthropicBaseURL: aiConfigured ? ai.baseURL : nil, logger: logger)
        let worker = Worker(services: services, processor: SubmissionProcessor(services: services, limits: limits, recheckDelay: recheckDelay), name: "test-worker", idleDelay: .milliseconds(10))
        return World(lark: lark, ai: ai, harness: WebhookHarness(storage: storage, tenant: harness.tenant, app: harness.app), services: services,
                     worker: worker, logs: logs, databasePath: path, postgres: postgres, storage: storage)
    }

    /// Carries a response body out of a `@Sendable` closure.
    final class BodyBox: Sendable {
        private let value = Mutex("")
        func set(_ text: String) { value.withLock { $0 = text } }
        func get() -> String { value.withLock { $0 } }
    }

    static func instanceEvent(_ world: World, id: String, status: String = "PENDING") -> Data {
        FakeLarkPayloads.approvalInstance(app: world.harness.app, eventID: id, approvalCode: "DEF-1", instanceCode: "INST-1", status: status)
    }

    @Test("A pushed approval becomes a stored, checked submission and one green card for its approver")
    func happyPath() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        let submission = try #require(try await world.submission())
        #expect(submission.claimedTotal == Money(minorUnits: 12050, currency: CurrencyCode("SGD")!))
        #expect(submission.attachments.count == 1 && submission.attachments[0].outcome == .read && submission.attachments[0].contentHash?.count == 64)
        let (extractions, check, trail) = try await world.harness.storage.withTenant(world.harness.tenant.id) { scope in
            (try await scope.approvals.extractions(for: submission.id), try await scope.approvals.latestCheck(for: submission.id),
             try await scope.approvals.auditTrail(for: submission.id))
        }
        #expect(extractions.first?.total == submission.claimedTotal && extractions.first?.vendor == "Grab Pte Ltd")
        #expect(check?.verdict == .green, "findings: \(check?.findings.map(\.code) ?? [])")
        #expect(trail.map(\.action) == [.received, .read, .checked, .cardSent])
        let cards = await world.lark.state.sentCards
        #expect(cards.count == 1 && cards[0].receiverOpenID == "ou_boss" && cards[0].idempotencyKey == "kopi-INST-1-task-1")
        let card = try JSONSerialization.jsonObject(with: Data(cards[0].content.utf8)) as? [String: Any]
        #expect((card?["header"] as? [String: Any])?["template"] as? String == "green")
        #expect(cards[0].content.contains(#""choice":"approve""#) && cards[0].content.contains(submission.id.description))
        #expect(await world.ai.state.requests.count == 1)
        await world.stop()
    }

    @Test("Running the job again repeats nothing visible: same submission, no second card")
    func idempotent() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        let first = try await world.submission()
        try await world.push(FakeLarkPayloads.approvalTask(app: world.harness.app, eventID: "e-2", approvalCode: "DEF-1", instanceCode: "INST-1", taskID: "task-1", approverOpenID: "ou_boss", status: "PENDING"))
        await world.drain()
        #expect(try await world.submission()?.id == first?.id)
        #expect(await world.lark.state.sentCards.count == 1)
        let cards = try await world.harness.storage.withTenant(world.harness.tenant.id) { try await $0.approvals.cards(for: first!.id) }
        #expect(cards.count == 1)
        await world.stop()
    }

    @Test("When the approval ends in Lark the status is stored and the card loses its buttons")
    func finalStatus() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        await world.lark.state.setStatus("APPROVED", of: "INST-1")
        try await world.push(Self.instanceEvent(world, id: "e-3", status: "APPROVED"))
        await world.drain()
        #expect(try await world.submission()?.status == .approved)
        let patches = await world.lark.state.patches
        #expect(patches.count == 1 && patches[0].content.contains("Final outcome: Approved") && !patches[0].content.contains("\"choice\""))
        await world.stop()
    }

    @Test("Without an AI the card still goes out, yellow, with 'invoice not verified'")
    func aiUnavailable() async throws {
        let world = try await Self.world(aiConfigured: false)
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        let submission = try #require(try await world.submission())
        #expect(submission.attachments.map(\.outcome) == [.notRead])
        let check = try await world.harness.storage.withTenant(world.harness.tenant.id) { try await $0.approvals.latestCheck(for: submission.id) }
        #expect(check?.verdict == .yellow && check?.findings.map(\.code) == ["invoice.not_verified"])
        #expect(await world.lark.state.sentCards.count == 1)
        await world.stop()
    }

    @Test("When the AI was down, the invoice is re-read later, the check redone and the card updated in place")
    func recheck() async throws {
        let world = try await Self.world(recheckDelay: 0)
        for _ in 0..<2 { await world.ai.state.script(.failure(status: 529, type: "overloaded_error")) }
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.worker.runOnce()
        let first = try #require(try await world.submission())
        #expect(first.attachments.map(\.outcome) == [.notRead])
        await world.drain()
        let second = try #require(try await world.submission())
        #expect(second.id == first.id && second.attachments.map(\.outcome) == [.read])
        let check = try await world.harness.storage.withTenant(world.harness.tenant.id) { try await $0.approvals.latestCheck(for: second.id) }
        #expect(check?.verdict == .green)
        #expect(await world.lark.state.sentCards.count == 1)
        let patches = await world.lark.state.patches
        #expect(patches.count == 1 && patches[0].content.contains(#""choice":"approve""#) && patches[0].content.contains(#""template":"green""#))
        await world.stop()
    }

    @Test("A re-check that finds the AI still down is retried later, keeping the reason")
    func recheckStillDown() async throws {
        let world = try await Self.world(recheckDelay: 0)
        for _ in 0..<4 { await world.ai.state.script(.failure(status: 529, type: "overloaded_error")) }
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        let queued = try await world.harness.storage.withTenant(world.harness.tenant.id) { try await $0.scheduler.jobs(in: .queued, limit: 10) }
        #expect(queued.map(\.kind) == [.recheckInvoices] && queued.first?.lastError == "ai.unavailable" && (queued.first?.runAt ?? .distantPast) > Date())
        await world.stop()
    }

    @Test("Attachments beyond the per-submission size cap are not read, and the approver is told")
    func submissionCap() async throws {
        let world = try await Self.world(limits: AttachmentLimits(maxFileBytes: 1 << 20, maxSubmissionBytes: 10))
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        let submission = try #require(try await world.submission())
        #expect(submission.attachments.map(\.outcome) == [.tooLarge])
        let check = try await world.harness.storage.withTenant(world.harness.tenant.id) { try await $0.approvals.latestCheck(for: submission.id) }
        #expect(check?.findings.map(\.code) == ["invoice.unreadable"] && check?.findings.first?.message.contains("too large") == true)
        #expect(await world.ai.state.requests.isEmpty)
        #expect(await world.lark.state.sentCards.count == 1)
        await world.stop()
    }

    @Test("Lark failures are retried later with the error code kept")
    func failures() async throws {
        let world = try await Self.world()
        for _ in 0..<3 { await world.lark.state.inject(.serverError, on: "/open-apis/approval/v4/instances") }
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        let queued = try await world.harness.storage.withTenant(world.harness.tenant.id) { try await $0.scheduler.jobs(in: .queued, limit: 10) }
        #expect(queued.count == 1 && queued[0].lastError == "lark.unavailable" && queued[0].runAt > Date())
        await world.stop()
    }

    @Test("Canaries: attachment bytes are nowhere after processing; form values are in no log line", arguments: [false, true])
    func canaries(onPostgres: Bool) async throws {
        let started = Date()
        let world = try await Self.world(onPostgres: onPostgres)
        let pushAnswer = try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        #expect(try await world.submission() != nil)
        let tapAnswer = try await world.tap("ask_for_info", by: "ou_boss")
        for answer in [pushAnswer, tapAnswer] {
            #expect(!answer.isEmpty && !answer.contains(Self.canaryBytes), "an HTTP response holds the attachment")
            #expect(!answer.contains(Self.canaryForm), "an HTTP response holds a form value")
        }
        let logs = world.logs.text
        #expect(!logs.isEmpty)
        for canary in [Self.canaryBytes, Self.canaryForm] { #expect(!logs.contains(canary), "a log line holds \(canary)") }
        let database = try Self.databaseText(world)
        #expect(database.contains("INST-1"), "the search must see the stored submission")
        #expect(!database.contains(Self.canaryBytes))
        let jobs = try await world.harness.storage.withTenant(world.harness.tenant.id) { try await $0.scheduler.jobs(in: .done, limit: 10) }
        #expect(!jobs.isEmpty && jobs.allSatisfy { !"\($0)".contains(Self.canaryBytes) && !"\($0)".contains(Self.canaryForm) })
        let written = Self.recentTemporaryFiles(since: started)
        if !onPostgres { #expect(written.contains { $0.0.hasSuffix(".db") || $0.0.hasSuffix(".db-wal") }, "the scan must at least see the database") }
        #expect(written.allSatisfy { !$0.1.contains(Self.canaryBytes) }, "a temporary file holds the attachment")
        // The claim (form values) is stored by design; outside the database no file may hold it.
        let outsideDatabases = written.filter { !$0.0.contains(".db") && !$0.0.contains("/kopi-pg.") }
        #expect(outsideDatabases.allSatisfy { !$0.1.contains(Self.canaryForm) }, "a temporary file holds a form value")
        await world.stop()
    }

    @Test("Approve on the card approves the Lark task, records who and when, and teaches memory")
    func approve() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        let answer = try await world.tap("approve", by: "ou_boss")
        #expect(answer.contains(#""type":"success""#) && answer.contains("Approved.") && answer.contains("You approved this.") && !answer.contains(#""choice""#))
        #expect(await world.lark.state.decisions.map { "\($0.action) \($0.taskID) \($0.approverOpenID)" } == ["approve task-1 ou_boss"])
        #expect(try await world.decisions().map { "\($0.outcome.rawValue) \($0.approver)" } == ["approve ou_boss"])
        let pattern = try await world.harness.storage.withTenant(world.harness.tenant.id) {
            try await $0.patterns.pattern(vendorKey: "grab", category: "transport", currency: CurrencyCode("SGD")!)
        }
        #expect(pattern?.approvals == 1 && pattern?.lowerBound == 12050 && pattern?.upperBound == 12050)
        let id = try #require(try await world.submission()).id
        let trail = try await world.harness.storage.withTenant(world.harness.tenant.id) { try await $0.approvals.auditTrail(for: id) }
        #expect(trail.last?.action == .decided && trail.last?.actor == "lark:ou_boss" && trail.last?.detail["outcome"] == "approve")
        await world.stop()
    }

    @Test("A tap by someone without a pending task changes nothing; a repeated tap is recorded once")
    func strangerAndDuplicate() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        let stranger = try await world.tap("approve", by: "ou_stranger")
        #expect(stranger.contains(#""type":"warning""#) && stranger.contains("no pending task"))
        #expect(await world.lark.state.decisions.isEmpty)
        _ = try await world.tap("ask_for_info", by: "ou_boss", event: "tap-twice")
        let again = try await world.tap("ask_for_info", by: "ou_boss", event: "tap-twice")
        #expect(again.contains("Already recorded."))
        #expect(try await world.decisions().map(\.outcome) == [.askForInfo])
        #expect(await world.lark.state.comments.map(\.authorOpenID) == ["ou_boss"])
        await world.stop()
    }

    @Test("A node that needs a handwritten signature is explained, and nothing is recorded")
    func signatureRequired() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        await world.lark.state.inject(.code(1390018), on: "/open-apis/approval/v4/tasks")
        let answer = try await world.tap("reject", by: "ou_boss")
        #expect(answer.contains(#""type":"warning""#) && answer.contains("handwritten signature"))
        #expect(try await world.decisions().isEmpty)
        await world.stop()
    }

    @Test("Auto-approve, when the policy allows it, approves a claim that only matches memory and sends an informational card")
    func autoApprove() async throws {
        let world = try await Self.world()
        let tenant = world.harness.tenant.id
        try await world.harness.storage.withTenant(tenant) { scope in
            try await scope.tenant.savePolicy(PolicySettings(autoApproveAfterApprovals: 3))
            try await scope.patterns.save(LearnedPattern(
                id: Identifier(UUID()), tenantID: tenant, vendorKey: "grab", category: "transport", currency: CurrencyCode("SGD")!,
                lowerBound: 10_000, upperBound: 15_000, approvals: 3, rejections: 0, lastDecidedAt: Date()))
        }
        try await world.push(Self.instanceEvent(world, id: "e-1"))
        await world.drain()
        #expect(await world.lark.state.decisions.map { "\($0.action) \($0.approverOpenID)" } == ["approve ou_boss"])
        let cards = await world.lark.state.sentCards
        #expect(cards.count == 1 && cards[0].content.contains("Auto-approved by Kopi") && !cards[0].content.contains(#""choice""#))
        #expect(try await world.decisions().map(\.approver) == ["kopi"])
        let pattern = try await world.harness.storage.withTenant(tenant) { try await $0.patterns.pattern(vendorKey: "grab", category: "transport", currency: CurrencyCode("SGD")!) }
        #expect(pattern?.approvals == 3, "automatic approvals teach memory nothing")
        await world.stop()
    }

    @Test("Auto-approve stays off by default and when anything else was found")
    func noAutoApprove() {
        let sgd = CurrencyCode("SGD")!
        let submission = Submission(
            id: Identifier(UUID()), tenantID: Identifier(UUID()), flowID: Identifier(UUID()), instanceCode: "I", applicant: "ou", status: .pending,
            lineItems: [LineItem(amount: Money(minorUnits: 1, currency: sgd))], attachments: [], submittedAt: Date(), updatedAt: Date())
        let memory = Finding(dimension: .memory, severity: .green, code: "memory.known_pattern", message: "m", evidence: ["approvals": "5"])
        let other = Finding(dimension: .date, severity: .yellow, code: "date.weekend", message: "w")
        func check(_ findings: [Finding]) -> Check { Check(id: Identifier(UUID()), tenantID: submission.tenantID, submissionID: submission.id, findings: findings, checkedAt: Date()) }
        #expect(!SubmissionProcessor.qualifiesForAutoApproval(check([memory]), submission: submission, policy: .defaults))
        #expect(SubmissionProcessor.qualifiesForAutoApproval(check([memory]), submission: submission, policy: PolicySettings(autoApproveAfterApprovals: 5)))
        #expect(!SubmissionProcessor.qualifiesForAutoApproval(check([memory]), submission: submission, policy: PolicySettings(autoApproveAfterApprovals: 6)))
        #expect(!SubmissionProcessor.qualifiesForAutoApproval(check([memory, other]), submission: submission, policy: PolicySettings(autoApproveAfterApprovals: 1)))
        #expect(!SubmissionProcessor.qualifiesForAutoApproval(check([]), submission: submission, policy: PolicySettings(autoApproveAfterApprovals: 1)))
    }

    /// Everything the database holds, as text: the SQLite file and WAL, or a `pg_dump` of the schema.
    static func databaseText(_ world: World) throws -> String {
        if let path = world.databasePath {
            var data = Data()
            for suffix in ["", "-wal"] { data += (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data() }
            return String(decoding: data, as: UTF8.self)
        }
        let (owner, schema) = try #require(world.postgres)
        let environment = ProcessInfo.processInfo.environment
        let dump = Process()
        dump.executableURL = URL(fileURLWithPath: try #require(environment["KOPI_TEST_PG_DUMP"]))
        dump.arguments = ["--dbname", environment["KOPI_TEST_POSTGRES_SUPERUSER_URL"] ?? owner, "--schema", schema, "--data-only"]
        let pipe = Pipe()
        dump.standardOutput = pipe
        try dump.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        dump.waitUntilExit()
        return text
    }

    /// Files written to the temporary directory since `date` (small ones), with their text.
    static func recentTemporaryFiles(since date: Date) -> [(String, String)] {
        let manager = FileManager.default
        guard let walker = manager.enumerator(at: manager.temporaryDirectory, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey])
        else { return [] }
        var files: [(String, String)] = []
        for case let url as URL in walker {
            guard let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]),
                values.isRegularFile == true, (values.contentModificationDate ?? .distantPast) >= date, (values.fileSize ?? 0) < 64 << 20,
                let data = try? Data(contentsOf: url)
            else { continue }
            files.append((url.path, String(decoding: data, as: UTF8.self)))
        }
        return files
    }
}
