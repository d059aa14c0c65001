import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

@testable import Application

/// The pipeline's stages on their own: read (``AttachmentReader``), record (``CheckRecorder``)
/// and the worker's wake-up (``JobBell``). End-to-end runs are in `PipelineTests`.
@Suite("Pipeline stages, one at a time")
struct PipelineStageTests {
    /// Reads every invoice as the same extraction and counts the calls (the AI port).
    final class CountingReader: InvoiceReader {
        let calls = Mutex(0)
        let failure: InvoiceReaderError?

        init(failing failure: InvoiceReaderError? = nil) { self.failure = failure }

        func read(_ attachment: borrowing FetchedAttachment, formSummary: String?) async throws(InvoiceReaderError)
            -> InvoiceExtraction
        {
            calls.withLock { $0 += 1 }
            if let failure { throw failure }
            return InvoiceExtraction(
                contentHash: attachment.contentHash, vendor: "Grab",
                total: Money(minorUnits: 1250, currency: CurrencyCode("SGD")!))
        }

        var count: Int { calls.withLock { $0 } }
    }

    static func form(amount: String) -> [LarkFormField] {
        [LarkFormField(id: "w-amount", name: "Amount", type: "amount", value: .amount(amount, currency: "SGD"))]
    }

    static func instance(_ harness: WebhookHarness, code: String, form: [LarkFormField]) -> LarkInstance {
        LarkInstance(
            approvalCode: harness.flow.approvalCode, instanceCode: code, status: "PENDING",
            applicantOpenID: LarkIDs.openID(),
            startedAt: Date(timeIntervalSince1970: 1_800_000_000), form: form, tasks: [])
    }

    @Test(
        "Record: submission, check and audit in one transaction; a re-check keeps the id and adds no second 'received'")
    func record() async throws {
        let harness = try await WebhookHarness.make()
        let recorder = CheckRecorder(randomness: SystemRandomness())
        let code = LarkIDs.instanceCode()
        let instance = Self.instance(harness, code: code, form: Self.form(amount: "12.50"))
        let claim = ClaimReader(mapping: harness.flow.mapping).read(instance.form)
        let now = Date(timeIntervalSince1970: 1_800_000_100)
        let first = try await harness.storage.withTenant(harness.tenant.id) { scope in
            try await recorder.record(
                instance, flow: harness.flow, claim: claim, read: AttachmentReader.Result(), scope: scope, now: now)
        }
        let again = try await harness.storage.withTenant(harness.tenant.id) { scope in
            try await recorder.record(
                instance, flow: harness.flow, claim: claim, read: AttachmentReader.Result(), scope: scope,
                now: now.addingTimeInterval(60))
        }
        #expect(again.submission.id == first.submission.id && again.check.id != first.check.id)
        #expect(first.submission.lineItems.map(\.amount) == [Money(minorUnits: 1250, currency: CurrencyCode("SGD")!)])
        let (trail, latest) = try await harness.storage.withTenant(harness.tenant.id) { scope in
            (
                try await scope.approvals.auditTrail(for: first.submission.id),
                try await scope.approvals.latestCheck(for: first.submission.id)
            )
        }
        #expect(trail.map(\.action) == [.received, .read, .checked, .read, .checked])
        #expect(latest?.id == again.check.id)
    }

    @Test("Record: a form whose amount cannot be read is checked with that finding, never silently green")
    func unreadableClaim() async throws {
        let harness = try await WebhookHarness.make()
        let instance = Self.instance(harness, code: LarkIDs.instanceCode(), form: [])
        let claim = ClaimReader(mapping: harness.flow.mapping).read(instance.form)
        let recorded = try await harness.storage.withTenant(harness.tenant.id) { scope in
            try await CheckRecorder(randomness: SystemRandomness()).record(
                instance, flow: harness.flow, claim: claim, read: AttachmentReader.Result(), scope: scope, now: Date())
        }
        #expect(recorded.check.findings.map(\.code).contains(.amountUnreadable) && recorded.check.verdict == .yellow)
    }

    @Test("Record: a failure leaves nothing behind (a flow unknown to storage)")
    func failedRecord() async throws {
        let harness = try await WebhookHarness.make()
        let stranger = MonitoredFlow(
            id: Identifier(UUID()), tenantID: harness.tenant.id, approvalCode: LarkIDs.approvalCode(), name: "Unsaved",
            mapping: harness.flow.mapping, subscribed: true, createdAt: Date())
        let code = LarkIDs.instanceCode()
        let instance = Self.instance(harness, code: code, form: Self.form(amount: "9.00"))
        let claim = ClaimReader(mapping: stranger.mapping).read(instance.form)
        await #expect(throws: StoreError.invalidReference) {
            try await harness.storage.withTenant(harness.tenant.id) { scope in
                try await CheckRecorder(randomness: SystemRandomness()).record(
                    instance, flow: stranger, claim: claim, read: AttachmentReader.Result(), scope: scope, now: Date())
            }
        }
        #expect(
            try await harness.storage.withTenant(harness.tenant.id) {
                try await $0.approvals.submission(instanceCode: code)
            } == nil)
    }

    @Test(
        "Read: files downloaded, read once by the AI, reused by content hash, unreadable kinds and failures recorded as facts"
    )
    func read() async throws {
        let lark = try await FakeLarkServer.start()
        let harness = try await WebhookHarness.make()
        await lark.state.register(harness.app)
        await lark.state.addFile(name: "invoice.pdf", bytes: Array("%PDF-1.7 invoice".utf8))
        await lark.state.addFile(name: "notes.txt", bytes: Array("plain text".utf8))
        let services = TestServices.make(storage: harness.storage, larkBaseURL: lark.baseURL)
        let reader = AttachmentReader(services: services)
        let ai = CountingReader()
        let invoice = AttachmentReference(fileName: "invoice.pdf", url: lark.fileURL("invoice.pdf"))
        let references = [
            invoice, AttachmentReference(fileName: "notes.txt", url: lark.fileURL("notes.txt")),
            AttachmentReference(fileName: "gone.pdf", url: lark.fileURL("gone.pdf")),
        ]
        let first = await reader.read(references, tenant: harness.tenant.id, formSummary: nil, reader: ai)
        #expect(ai.count == 1 && first.extractions.count == 1 && first.reused == 0)
        #expect(first.facts.map(\.outcome) == [.read, .unsupportedType, .downloadFailed])

        // Stored with a claim, the same file is not sent to the AI again.
        let submission = Submission(
            id: Identifier(UUID()), tenantID: harness.tenant.id, flowID: harness.flow.id,
            instanceCode: LarkIDs.instanceCode(),
            applicant: LarkIDs.openID(), status: .pending, lineItems: [], attachments: first.facts, submittedAt: Date(),
            updatedAt: Date())
        try await harness.storage.withTenant(harness.tenant.id) { scope in
            try await scope.approvals.saveSubmission(submission)
            try await scope.approvals.saveExtraction(first.extractions[0], for: submission.id)
        }
        let second = await reader.read([invoice], tenant: harness.tenant.id, formSummary: nil, reader: ai)
        #expect(ai.count == 1 && second.reused == 1 && second.extractions == first.extractions)

        let down = await reader.read(
            [AttachmentReference(fileName: "other.pdf", url: lark.fileURL("invoice.pdf"))], tenant: Identifier(UUID()),
            formSummary: nil,
            reader: CountingReader(failing: InvoiceReaderError(.unavailable)))
        #expect(
            down.aiUnavailable && down.facts.map(\.outcome) == [.notRead],
            "another workspace never reuses this one's extraction")
        await lark.stop()
    }

    /// Holds each read a moment and records how many overlapped.
    final class OverlapReader: InvoiceReader {
        let state = Mutex((now: 0, peak: 0))

        func read(_ attachment: borrowing FetchedAttachment, formSummary: String?) async throws(InvoiceReaderError)
            -> InvoiceExtraction
        {
            state.withLock {
                $0.now += 1
                $0.peak = max($0.peak, $0.now)
            }
            try? await Task.sleep(for: .milliseconds(200))
            state.withLock { $0.now -= 1 }
            return InvoiceExtraction(contentHash: attachment.contentHash, vendor: "Grab")
        }
    }

    @Test("Read: a claim's attachments are downloaded and read at once, their facts kept in the claim's order")
    func concurrentRead() async throws {
        let lark = try await FakeLarkServer.start()
        let harness = try await WebhookHarness.make()
        await lark.state.register(harness.app)
        let names = (0..<3).map { "invoice-\($0).pdf" }
        for name in names { await lark.state.addFile(name: name, bytes: Array("%PDF-1.7 \(name)".utf8)) }
        let services = TestServices.make(storage: harness.storage, larkBaseURL: lark.baseURL)
        let ai = OverlapReader()
        let references = names.map { AttachmentReference(fileName: $0, url: lark.fileURL($0)) }
        let result = await AttachmentReader(services: services).read(
            references, tenant: harness.tenant.id, formSummary: nil, reader: ai)
        #expect(ai.state.withLock { $0.peak } == 3, "the three invoices were with the AI at the same time")
        #expect(result.facts.map(\.fileName) == names && result.facts.allSatisfy { $0.outcome == .read })
        #expect(result.extractions.count == 3)
        await lark.stop()
    }

    @Test("A job interrupted by shutdown goes back to the queue, due at once, without a failure")
    func interruptedJob() async throws {
        // A tap's job waits out Lark's answer grace first: long here, so the shutdown lands in it.
        let world = try await PipelineWorld.make(answerGrace: .seconds(60))
        try await world.push(world.instanceEvent())
        await world.drain()
        #expect(try await world.tap("approve").status == 200)
        let running = Task { await world.worker.runOnce() }
        try await Task.sleep(for: .milliseconds(300))
        running.cancel()
        #expect(await running.value, "the job was claimed before the shutdown")
        #expect(
            try await world.storage.jobs.counts()[.queued] == 1
                && world.logs.lines.contains { $0.contains("job interrupted by shutdown") })
        #expect(!world.logs.lines.contains { $0.contains("job failed") })
        #expect(
            try await world.storage.jobs.claim(worker: "after-restart", lease: .seconds(60), now: Date()) != nil,
            "due at once, not when the interrupted worker's lease would have run out")
        await world.stop()
    }

    @Test("A job that outlives its lease keeps it: a second worker never runs it too")
    func renewedLease() async throws {
        // The tap's job waits out a 3 s answer grace: three times the one-second lease.
        let world = try await PipelineWorld.make(answerGrace: .seconds(3))
        try await world.push(world.instanceEvent())
        await world.drain()
        #expect(try await world.tap("approve").status == 200)
        var first = world.worker
        first.lease = .seconds(1)
        var second = first
        second = Worker(
            jobs: world.services.storage.jobs, runtime: world.services.runtime,
            processor: SubmissionProcessor(services: world.services),
            cardActions: CardActionProcessor(services: world.services),
            bell: world.services.bell, name: "second-worker")
        second.lease = .seconds(1)
        let running = Task { [first] in await first.runOnce() }
        var stolen = false
        for _ in 0..<8 {
            try await Task.sleep(for: .milliseconds(400))
            if await second.runOnce() { stolen = true }
        }
        #expect(await running.value)
        #expect(!stolen, "the second worker found nothing to claim while the first held a renewed lease")
        #expect(await world.lark.state.decisions.count == 1)
        #expect(try await world.storage.jobs.counts()[.done] ?? 0 >= 2)
        await world.stop()
    }

    @Test("The job bell wakes a waiting worker at once, and a ring just before the wait is not lost")
    func bell() async throws {
        let bell = JobBell()
        let seen = bell.generation
        let waiter = Task { await bell.wait(since: seen, timeout: .seconds(120)) }
        try await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        bell.ring()
        await waiter.value
        #expect(ContinuousClock.now - start < .seconds(60), "woken by the ring, not by the two-minute backstop")

        let before = bell.generation
        bell.ring()
        let missed = ContinuousClock.now
        await bell.wait(since: before, timeout: .seconds(120))
        #expect(ContinuousClock.now - missed < .seconds(60))

        let idle = ContinuousClock.now
        await bell.wait(since: bell.generation, timeout: .milliseconds(20))
        #expect(ContinuousClock.now - idle >= .milliseconds(20), "without a ring the backstop ends the wait")
    }

    @Test("One ring wakes one waiting worker, the longest waiting, so one job costs one claim, not one per idle worker")
    func bellWakesOne() async throws {
        let bell = JobBell()
        let woken = WokenOrder()
        func until(_ condition: () async -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(30)
            while await !condition() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        }
        var waiters: [Task<Void, Never>] = []
        for index in 0..<4 {
            let seen = bell.generation
            waiters.append(
                Task {
                    await bell.wait(since: seen, timeout: .seconds(120))
                    await woken.append(index)
                })
            // Each waits before the next starts, so the order of waiting is known.
            try await until { bell.waiting == index + 1 }
        }
        bell.ring()
        try await until { await woken.order.count == 1 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await woken.order == [0], "the first to wait is the one woken, and only it")
        #expect(bell.waiting == 3)
        bell.ring()
        bell.ring()
        try await until { await woken.order.count == 3 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await woken.order.sorted() == [0, 1, 2], "two rings, the next two in line")
        bell.ring()
        for waiter in waiters { await waiter.value }
        #expect(await woken.order.sorted() == [0, 1, 2, 3])
    }
}

/// The order in which waiters were woken.
private actor WokenOrder {
    var order: [Int] = []
    func append(_ index: Int) { order.append(index) }
}
