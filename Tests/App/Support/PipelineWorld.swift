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

/// A workspace on SQLite or Postgres connected to the strict fake Lark and a fake Anthropic, one
/// claim waiting in Lark, and a worker. Every id is shaped like Lark's.
struct PipelineWorld {
    static let canaryBytes = "CANARY-BYTES-5f1e9a"
    static let canaryForm = "CANARY-FORM-VALUE-77c2"

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
    /// The claim waiting in Lark: its instance, its first task and the people on it.
    let instanceCode: String
    let taskID: String
    let approver: String
    let applicant: String

    var tenantID: TenantID { harness.tenant.id }
    var approvalCode: String { harness.flow.approvalCode }

    static func make(
        aiConfigured: Bool = true, onPostgres: Bool = false, recheckDelay: TimeInterval = 600,
        limits: AttachmentLimits = AttachmentLimits(),
        vendor: String = "Grab Pte Ltd", fileName: String = "receipt.pdf", laterLevels: [[FakeTask]] = [],
        answerGrace: Duration = .milliseconds(300), composedWith environment: [String: String]? = nil,
        domain: LarkDomain = .lark
    ) async throws -> PipelineWorld {
        let backend = try await (onPostgres ? AppBackend.postgres : .sqlite).makeSQLStorage()
        let (storage, path, postgres) = (backend.storage, backend.sqlitePath, backend.postgres)
        let mapping = FormFieldMapping(
            amount: "w-amount", date: "w-date", category: "w-category", vendor: "w-vendor", description: "w-note",
            attachments: "w-files")
        let harness = try await WebhookHarness.make(storage: storage, mapping: mapping, domain: domain)
        let lark = try await FakeLarkServer.start()
        let ai = try await FakeAnthropicServer.start()
        await lark.state.register(harness.app)
        await lark.state.addFile(name: fileName, bytes: Array("%PDF-1.7 \(canaryBytes)".utf8))
        let (instanceCode, taskID, approver, applicant) = (
            LarkIDs.instanceCode(), LarkIDs.taskID(), LarkIDs.openID(), LarkIDs.openID()
        )
        await lark.state.addInstance(
            FakeInstance(
                approvalCode: harness.flow.approvalCode, instanceCode: instanceCode, applicantOpenID: applicant,
                startTime: Date(),
                form: claimForm(vendor: vendor, fileName: fileName, fileURL: lark.fileURL(fileName)),
                tasks: [FakeTask(id: taskID, approverOpenID: approver)], laterLevels: laterLevels))
        let logs = LogCapture()
        let services: AppServices
        if let environment {
            // As `kopi serve` builds them: the composition root over this environment and the fakes.
            let configuration = try AppConfiguration.load(
                from: environment.merging([
                    "KOPI_MASTER_KEY": MasterKeyring.generateText(), "KOPI_LARK_BASE_URL": lark.baseURL,
                    "KOPI_LARK_DOWNLOAD_HOSTS": "127.0.0.1", "KOPI_ANTHROPIC_API_KEY": "sk-fake-key",
                    "KOPI_ANTHROPIC_BASE_URL": ai.baseURL,
                ]) { $1 }, serving: false)
            services = CompositionRoot.makeServices(
                storage: storage, http: CurlHTTPClient(threads: 4), configuration: configuration, logger: logs.logger())
        } else {
            services = TestServices.make(
                storage: storage, larkBaseURL: lark.baseURL, anthropicBaseURL: aiConfigured ? ai.baseURL : nil,
                logger: logs.logger())
        }
        var processor = SubmissionProcessor(services: services)
        processor.limits = limits
        processor.recheckDelay = recheckDelay
        var cardActions = CardActionProcessor(services: services)
        cardActions.answerGrace = answerGrace
        var worker = Worker(
            jobs: services.storage.jobs, runtime: services.runtime, processor: processor, cardActions: cardActions,
            bell: services.bell,
            name: "test-worker")
        worker.backstop = .milliseconds(10)
        return PipelineWorld(
            lark: lark, ai: ai, harness: harness, services: services, worker: worker, logs: logs, databasePath: path,
            postgres: postgres,
            storage: storage, instanceCode: instanceCode, taskID: taskID, approver: approver, applicant: applicant)
    }

    static func claimForm(
        vendor: String, fileName: String, fileURL: String, amount: String = "120.50",
        date: String = "2026-11-20T09:00:00+08:00"
    )
        -> [[String: any Sendable]]
    {
        [
            ["id": "w-amount", "type": "amount", "value": amount, "currency": "SGD"],
            ["id": "w-vendor", "type": "input", "value": vendor],
            ["id": "w-category", "type": "radioV2", "value": "transport"],
            ["id": "w-date", "type": "date", "value": date],
            ["id": "w-note", "type": "textarea", "value": canaryForm],
            ["id": "w-files", "type": "attachmentV2", "ext": fileName, "value": [fileURL]],
        ]
    }

    func stop() async {
        await lark.stop()
        await ai.stop()
        await storage.close()
        if let databasePath {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        }
    }

    func drain() async { while await worker.runOnce() {} }

    func instanceEvent(status: String = "PENDING", instance: String? = nil) -> Data {
        FakeLarkPayloads.approvalInstance(
            app: harness.app, eventID: LarkIDs.eventID(), approvalCode: approvalCode,
            instanceCode: instance ?? instanceCode, status: status)
    }

    func taskEvent(_ taskID: String, approver: String, status: String) -> Data {
        FakeLarkPayloads.approvalTask(
            app: harness.app, eventID: LarkIDs.eventID(), approvalCode: approvalCode, instanceCode: instanceCode,
            taskID: taskID,
            approverOpenID: approver, status: status)
    }

    /// Pushes an event through the real webhook; returns the HTTP answer's body.
    @discardableResult
    func push(_ payload: Data) async throws -> String {
        let answer = BodyBox()
        try await harness.serve(services: services) { base async throws in
            let (status, body) = try await harness.send(
                FakeLarkPusher.delivery(payload, app: harness.app), to: harness.url(base))
            #expect(status == 200)
            answer.set(body)
        }
        return answer.get()
    }

    struct Tap: Sendable {
        let status: Int
        let body: String
        let token: String
        /// From sending the callback to its answer.
        let elapsed: Duration
        /// Requests the fake Lark received while the callback was being answered.
        let larkCallsDuringAnswer: Int
    }

    /// A reason as an approver types one.
    static let typedReason = "The hotel folio is missing; please attach it."

    /// Taps a card button as a Lark client does (``FakeCardClient``: signed, encrypted, with an
    /// update token that becomes usable once answered), on the card as first sent, so a tap can
    /// race one already answered. `by` defaults to the card's approver; the card is theirs, or
    /// the first card sent (a forwarded card) for someone who got none. `reason` is typed in
    /// the reason field; by default one is typed for Reject and Ask for info. `content` is the
    /// card tapped, instead of the card as first sent.
    func tap(
        _ choice: String, reason: String? = nil, by tapper: String? = nil, event: String = LarkIDs.eventID(),
        on content: String? = nil
    ) async throws -> Tap {
        let who = tapper ?? approver
        let typed = reason ?? (choice == "approve" ? "" : Self.typedReason)
        let cards = await lark.state.sentCards
        let card = try #require(cards.first { $0.receiverOpenID == who } ?? cards.first, "no card was sent")
        let box = TapBox()
        try await harness.serve(services: services) { base async throws in
            let before = await lark.state.requests.count
            let started = ContinuousClock.now
            let result = try await harness.pusher.press(
                "kopi_\(choice)", typing: typed.isEmpty ? [:] : [CheckCard.reasonField: typed],
                on: content ?? card.content, by: who,
                messageID: card.messageID, app: harness.app, lark: lark.state, to: harness.url(base, "card"),
                eventID: event)
            let elapsed = ContinuousClock.now - started
            box.set(
                Tap(
                    status: result.status, body: result.body, token: result.token, elapsed: elapsed,
                    larkCallsDuringAnswer: await lark.state.requests.count - before))
        }
        let tap = try #require(box.get())
        #expect(tap.status == 200)
        return tap
    }

    func submission(_ code: String? = nil) async throws -> Submission? {
        try await harness.storage.withTenant(tenantID) { [instanceCode] in
            try await $0.approvals.submission(instanceCode: code ?? instanceCode)
        }
    }

    func decisions() async throws -> [Decision] {
        let id = try #require(try await submission()).id
        return try await harness.storage.withTenant(tenantID) { try await $0.approvals.decisions(for: id) }
    }

    func cards() async throws -> [CardMessage] {
        let id = try #require(try await submission()).id
        return try await harness.storage.withTenant(tenantID) { try await $0.approvals.cards(for: id) }
    }

    func trail() async throws -> [AuditEntry] {
        let id = try #require(try await submission()).id
        return try await harness.storage.withTenant(tenantID) { try await $0.approvals.auditTrail(for: id) }
    }

    /// What the approver sees now on the card Lark delivered to `openID`.
    func currentCard(of openID: String? = nil) async throws -> String {
        let who = openID ?? approver
        let card = try #require(await lark.state.sentCards.last { $0.receiverOpenID == who })
        return try #require(await lark.state.currentContent(of: card.messageID))
    }
}

/// Carries a response body out of a `@Sendable` closure.
final class BodyBox: Sendable {
    private let value = Mutex("")
    func set(_ text: String) { value.withLock { $0 = text } }
    func get() -> String { value.withLock { $0 } }
}

final class TapBox: Sendable {
    private let value = Mutex<PipelineWorld.Tap?>(nil)
    func set(_ tap: PipelineWorld.Tap) { value.withLock { $0 = tap } }
    func get() -> PipelineWorld.Tap? { value.withLock { $0 } }
}
