import Domain
import Fakes
import Foundation
import Logging
import Ports
import Synchronization
import Testing

@testable import Adapters
@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("The check pipeline, end to end", .serialized)
struct PipelineTests {
    typealias World = PipelineWorld
    static let canaryBytes = PipelineWorld.canaryBytes
    static let canaryForm = PipelineWorld.canaryForm

    static func world(
        aiConfigured: Bool = true, onPostgres: Bool = false, recheckDelay: TimeInterval = 600,
        limits: AttachmentLimits = AttachmentLimits()
    ) async throws -> World {
        try await PipelineWorld.make(
            aiConfigured: aiConfigured, onPostgres: onPostgres, recheckDelay: recheckDelay, limits: limits)
    }

    static func instanceEvent(_ world: World, status: String = "PENDING") -> Data {
        world.instanceEvent(status: status)
    }

    @Test("A pushed approval becomes a stored, checked submission and one green card for its approver")
    func happyPath() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        let submission = try #require(try await world.submission())
        #expect(submission.claimedTotal == Money(minorUnits: 12050, currency: CurrencyCode("SGD")!))
        #expect(
            submission.attachments.count == 1 && submission.attachments[0].outcome == .read
                && submission.attachments[0].contentHash?.count == 64)
        let (extractions, check, trail) = try await world.harness.storage.withTenant(world.harness.tenant.id) { scope in
            (
                try await scope.approvals.extractions(for: submission.id),
                try await scope.approvals.latestCheck(for: submission.id),
                try await scope.approvals.auditTrail(for: submission.id)
            )
        }
        #expect(extractions.first?.total == submission.claimedTotal && extractions.first?.vendor == "Grab Pte Ltd")
        #expect(check?.verdict == .green, "findings: \(check?.findings.map(\.code.rawValue) ?? [])")
        #expect(trail.map(\.action) == [.received, .read, .checked, .cardSent])
        let cards = await world.lark.state.sentCards
        let key = CardIdempotencyKey.make(
            tenant: world.tenantID, instanceCode: world.instanceCode, taskID: world.taskID)
        #expect(
            cards.count == 1 && cards[0].receiverOpenID == world.approver && cards[0].idempotencyKey == key
                && key.count <= 50)
        #expect(try await world.cards().map { "\($0.taskID) \($0.state)" } == ["\(world.taskID) open"])
        let card = try JSONSerialization.jsonObject(with: Data(cards[0].content.utf8)) as? [String: Any]
        #expect((card?["header"] as? [String: Any])?["template"] as? String == "green")
        #expect(
            cards[0].content.contains(#""choice":"approve""#) && cards[0].content.contains(submission.id.description))
        #expect(await world.ai.state.requests.count == 1)
        await world.stop()
    }

    @Test("Running the job again repeats nothing visible: same submission, no second card")
    func idempotent() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        let first = try await world.submission()
        try await world.push(world.taskEvent(world.taskID, approver: world.approver, status: "PENDING"))
        await world.drain()
        #expect(try await world.submission()?.id == first?.id)
        #expect(await world.lark.state.sentCards.count == 1)
        let cards = try await world.harness.storage.withTenant(world.harness.tenant.id) {
            try await $0.approvals.cards(for: first!.id)
        }
        #expect(cards.count == 1)
        await world.stop()
    }

    @Test("When the approval ends in Lark the status is stored and the card loses its buttons")
    func finalStatus() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        await world.lark.state.setStatus("APPROVED", of: world.instanceCode)
        await world.lark.state.setTaskStatus("APPROVED", task: world.taskID, of: world.instanceCode)
        try await world.push(Self.instanceEvent(world, status: "APPROVED"))
        await world.drain()
        #expect(try await world.submission()?.status == .approved)
        let patches = await world.lark.state.patches
        #expect(
            patches.count == 1 && patches[0].content.contains("Final outcome: Approved")
                && !patches[0].content.contains("\"choice\""))
        #expect(try await world.cards().map(\.state) == [.final])
        await world.stop()
    }

    @Test("Without an AI the card still goes out, yellow, with 'invoice not verified'")
    func aiUnavailable() async throws {
        let world = try await Self.world(aiConfigured: false)
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        let submission = try #require(try await world.submission())
        #expect(submission.attachments.map(\.outcome) == [.notRead])
        let check = try await world.harness.storage.withTenant(world.harness.tenant.id) {
            try await $0.approvals.latestCheck(for: submission.id)
        }
        #expect(check?.verdict == .yellow && check?.findings.map(\.code.rawValue) == ["invoice.not_verified"])
        #expect(await world.lark.state.sentCards.count == 1)
        await world.stop()
    }

    @Test("When the AI was down, the invoice is re-read later, the check redone and the card updated in place")
    func recheck() async throws {
        let world = try await Self.world(recheckDelay: 0)
        for _ in 0..<2 { await world.ai.state.script(.failure(status: 529, type: "overloaded_error")) }
        try await world.push(Self.instanceEvent(world))
        await world.worker.runOnce()
        let first = try #require(try await world.submission())
        #expect(first.attachments.map(\.outcome) == [.notRead])
        await world.drain()
        let second = try #require(try await world.submission())
        #expect(second.id == first.id && second.attachments.map(\.outcome) == [.read])
        let check = try await world.harness.storage.withTenant(world.harness.tenant.id) {
            try await $0.approvals.latestCheck(for: second.id)
        }
        #expect(check?.verdict == .green)
        #expect(await world.lark.state.sentCards.count == 1)
        let patches = await world.lark.state.patches
        #expect(
            patches.count == 1 && patches[0].content.contains(#""choice":"approve""#)
                && patches[0].content.contains(#""template":"green""#))
        await world.stop()
    }

    @Test("A re-check that finds the AI still down is retried later, keeping the reason")
    func recheckStillDown() async throws {
        let world = try await Self.world(recheckDelay: 0)
        for _ in 0..<4 { await world.ai.state.script(.failure(status: 529, type: "overloaded_error")) }
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        let queued = try await world.harness.storage.withTenant(world.harness.tenant.id) {
            try await $0.scheduler.jobs(in: .queued, limit: 10)
        }
        #expect(
            queued.map(\.kind) == [.recheckInvoices] && queued.first?.lastError == "ai.unavailable"
                && (queued.first?.runAt ?? .distantPast) > Date())
        await world.stop()
    }

    @Test("Attachments beyond the per-submission size cap are not read, and the approver is told")
    func submissionCap() async throws {
        let world = try await Self.world(limits: AttachmentLimits(maxFileBytes: 1 << 20, maxSubmissionBytes: 10))
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        let submission = try #require(try await world.submission())
        #expect(submission.attachments.map(\.outcome) == [.tooLarge])
        let check = try await world.harness.storage.withTenant(world.harness.tenant.id) {
            try await $0.approvals.latestCheck(for: submission.id)
        }
        #expect(
            check?.findings.map(\.code.rawValue) == ["invoice.unreadable"]
                && check?.findings.first?.message.contains("too large") == true)
        #expect(await world.ai.state.requests.isEmpty)
        #expect(await world.lark.state.sentCards.count == 1)
        await world.stop()
    }

    @Test("Lark failures are retried later with the error code kept")
    func failures() async throws {
        let world = try await Self.world()
        for _ in 0..<3 { await world.lark.state.inject(.serverError, on: "/open-apis/approval/v4/instances") }
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        let queued = try await world.harness.storage.withTenant(world.harness.tenant.id) {
            try await $0.scheduler.jobs(in: .queued, limit: 10)
        }
        #expect(queued.count == 1 && queued[0].lastError == "lark.unavailable" && queued[0].runAt > Date())
        await world.stop()
    }

    @Test(
        "Canaries: attachment bytes are nowhere after processing; form values are in no log line",
        arguments: [false, true])
    func canaries(onPostgres: Bool) async throws {
        let started = Date()
        let world = try await Self.world(onPostgres: onPostgres)
        let pushAnswer = try await world.push(Self.instanceEvent(world))
        await world.drain()
        #expect(try await world.submission() != nil)
        let tapAnswer = try await world.tap("ask_for_info").body
        await world.drain()
        for answer in [pushAnswer, tapAnswer] {
            #expect(!answer.isEmpty && !answer.contains(Self.canaryBytes), "an HTTP response holds the attachment")
            #expect(!answer.contains(Self.canaryForm), "an HTTP response holds a form value")
        }
        let logs = world.logs.text
        #expect(!logs.isEmpty)
        for canary in [Self.canaryBytes, Self.canaryForm] {
            #expect(!logs.contains(canary), "a log line holds \(canary)")
        }
        let database = try await Self.databaseText(world)
        #expect(database.contains(world.instanceCode), "the search must see the stored submission")
        #expect(!database.contains(Self.canaryBytes))
        let jobs = try await world.harness.storage.withTenant(world.harness.tenant.id) {
            try await $0.scheduler.jobs(in: .done, limit: 10)
        }
        #expect(
            !jobs.isEmpty
                && jobs.allSatisfy { !"\($0)".contains(Self.canaryBytes) && !"\($0)".contains(Self.canaryForm) })
        let written = Self.recentTemporaryFiles(since: started)
        if !onPostgres {
            #expect(
                written.contains { $0.0.hasSuffix(".db") || $0.0.hasSuffix(".db-wal") },
                "the scan must at least see the database")
        }
        #expect(written.allSatisfy { !$0.1.contains(Self.canaryBytes) }, "a temporary file holds the attachment")
        // The claim (form values) is stored by design; outside the database no file may hold it.
        let outsideDatabases = written.filter { !$0.0.contains(".db") && !$0.0.contains("/kopi-pg.") }
        #expect(outsideDatabases.allSatisfy { !$0.1.contains(Self.canaryForm) }, "a temporary file holds a form value")
        await world.stop()
    }

    @Test(
        "Approve on the card: answered at once with the pending card, then the Lark task approved, who and when recorded, memory taught, the card updated with the callback token"
    )
    func approve() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        let tap = try await world.tap("approve")
        #expect(
            tap.body.contains(#""type":"info""#) && tap.body.contains("Approving…")
                && tap.body.contains("Kopi is telling Lark") && !tap.body.contains(#""choice""#))
        #expect(try await world.cards().map(\.state) == [.acting])
        await world.drain()
        #expect(
            await world.lark.state.decisions.map { "\($0.action) \($0.taskID) \($0.approverOpenID)" } == [
                "approve \(world.taskID) \(world.approver)"
            ])
        #expect(
            try await world.decisions().map { "\($0.outcome.rawValue) \($0.approver)" } == ["approve \(world.approver)"]
        )
        let pattern = try await world.harness.storage.withTenant(world.tenantID) {
            try await $0.patterns.pattern(vendorKey: "grab", category: "transport", currency: CurrencyCode("SGD")!)
        }
        #expect(pattern?.approvals == 1 && pattern?.lowerBound == 12050 && pattern?.upperBound == 12050)
        let trail = try await world.trail()
        #expect(trail.suffix(2).map(\.action) == [.tapped, .decided])
        #expect(trail.last?.actor == "lark:\(world.approver)" && trail.last?.detail["outcome"] == "approve")
        let updates = await world.lark.state.cardUpdates
        #expect(
            updates.count == 1 && updates[0].token == tap.token && updates[0].content.contains("You approved this."))
        let shown = try await world.currentCard()
        #expect(shown.contains("You approved this.") && !shown.contains(#""choice""#))
        #expect(try await world.cards().map(\.state) == [.final])
        await world.stop()
    }

    @Test(
        "A tap by someone the card was not sent to changes nothing; a re-sent tap is recorded once; a second tap waits for the first"
    )
    func strangerAndDuplicate() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        let stranger = try await world.tap("approve", by: LarkIDs.openID())
        #expect(stranger.body.contains(#""type":"warning""#) && stranger.body.contains("no pending task"))
        let event = LarkIDs.eventID()
        _ = try await world.tap("ask_for_info", event: event)
        let again = try await world.tap("ask_for_info", event: event)
        #expect(again.body.contains("Already recorded."))
        let second = try await world.tap("approve")
        #expect(second.body.contains("still acting on your last tap"))
        await world.drain()
        #expect(await world.lark.state.decisions.isEmpty)
        #expect(try await world.decisions().map(\.outcome) == [.askForInfo])
        #expect(await world.lark.state.comments.map(\.authorOpenID) == [world.approver])
        await world.stop()
    }

    @Test("A node that needs a handwritten signature is explained on the card, and no decision is recorded")
    func signatureRequired() async throws {
        let world = try await Self.world()
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        await world.lark.state.inject(.code(1_390_018), on: "/open-apis/approval/v4/tasks")
        let answer = try await world.tap("reject")
        #expect(answer.body.contains("Rejecting…"))
        await world.drain()
        #expect(try await world.decisions().isEmpty)
        #expect(try await world.currentCard().contains("handwritten signature"))
        #expect(
            try await world.trail().last.map { "\($0.action.rawValue) \($0.detail["error"] ?? "")" }
                == "action_failed lark.signature_required(1390018)")
        await world.stop()
    }

    @Test(
        "Auto-approve, when the policy allows it, approves a claim that only matches memory and sends an informational card"
    )
    func autoApprove() async throws {
        let world = try await Self.world()
        let tenant = world.tenantID
        try await world.harness.storage.withTenant(tenant) { scope in
            try await scope.tenant.savePolicy(PolicySettings(autoApproveAfterApprovals: 3))
            try await scope.patterns.save(
                LearnedPattern(
                    id: Identifier(UUID()), tenantID: tenant, vendorKey: "grab", category: "transport",
                    currency: CurrencyCode("SGD")!,
                    lowerBound: 10_000, upperBound: 15_000, approvals: 3, rejections: 0, lastDecidedAt: Date()))
        }
        try await world.push(Self.instanceEvent(world))
        await world.drain()
        #expect(
            await world.lark.state.decisions.map { "\($0.action) \($0.approverOpenID)" } == [
                "approve \(world.approver)"
            ])
        let cards = await world.lark.state.sentCards
        #expect(
            cards.count == 1 && cards[0].content.contains("Auto-approved by Kopi")
                && !cards[0].content.contains(#""choice""#))
        #expect(try await world.decisions().map(\.approver) == ["kopi"])
        let pattern = try await world.harness.storage.withTenant(tenant) {
            try await $0.patterns.pattern(vendorKey: "grab", category: "transport", currency: CurrencyCode("SGD")!)
        }
        #expect(pattern?.approvals == 3, "automatic approvals teach memory nothing")
        await world.stop()
    }

    /// Everything the database holds, as text: the SQLite file and WAL, or a `pg_dump` of the schema.
    static func databaseText(_ world: World) async throws -> String {
        if let path = world.databasePath {
            var data = Data()
            for suffix in ["", "-wal"] {
                data += (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data()
            }
            return String(decoding: data, as: UTF8.self)
        }
        let (owner, schema) = try #require(world.postgres)
        let environment = ProcessInfo.processInfo.environment
        let dump = Process()
        dump.executableURL = URL(fileURLWithPath: try #require(environment["KOPI_TEST_PG_DUMP"]))
        dump.arguments = [
            "--dbname", environment["KOPI_TEST_POSTGRES_SUPERUSER_URL"] ?? owner, "--schema", schema, "--data-only",
        ]
        let pipe = Pipe()
        dump.standardOutput = pipe
        try dump.run()
        return try await OwnThread.run {
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            dump.waitUntilExit()
            return text
        }
    }

    /// Files written to the temporary directory since `date` (small ones), with their text.
    static func recentTemporaryFiles(since date: Date) -> [(String, String)] {
        let manager = FileManager.default
        guard
            let walker = manager.enumerator(
                at: manager.temporaryDirectory,
                includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey])
        else { return [] }
        var files: [(String, String)] = []
        for case let url as URL in walker {
            guard
                let values = try? url.resourceValues(forKeys: [
                    .contentModificationDateKey, .fileSizeKey, .isRegularFileKey,
                ]),
                values.isRegularFile == true, (values.contentModificationDate ?? .distantPast) >= date,
                (values.fileSize ?? 0) < 64 << 20,
                let data = try? Data(contentsOf: url)
            else { continue }
            files.append((url.path, String(decoding: data, as: UTF8.self)))
        }
        return files
    }
}
