import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

@testable import Adapters

/// The real `kopi` executable against a database of the test's and the loopback fakes: a
/// workspace connected to a fake Lark app with its claims waiting there, and what it takes to
/// start, kill and watch `kopi serve` processes.
struct LiveService: Sendable {
    let lark: FakeLarkServer
    let ai: FakeAnthropicServer
    let folder: URL
    let database: DatabaseLocation
    let ownerURL: String?
    let masterKey: String
    let app: FakeApp
    let claims: Claims

    /// Fakes, a fresh database (`sqlite` or `postgres`) and a workspace with `count` claims in the fake Lark.
    static func start(_ backend: String, claims count: Int) async throws -> LiveService {
        let lark = try await FakeLarkServer.start()
        let ai = try await FakeAnthropicServer.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (database, ownerURL) = try await Self.database(backend, folder: folder)
        let masterKey = MasterKeyring.generateText()
        let app = FakeApp(
            appID: LarkIDs.appID(), appSecret: LarkIDs.secret(), encryptKey: LarkIDs.secret(),
            verificationToken: LarkIDs.secret())
        let claims = try await Self.seed(
            database, ownerURL: ownerURL, masterKey: masterKey, app: app, lark: lark, count: count)
        return LiveService(
            lark: lark, ai: ai, folder: folder, database: database, ownerURL: ownerURL, masterKey: masterKey, app: app,
            claims: claims)
    }

    func clean() {
        try? FileManager.default.removeItem(at: folder)
        Task { [lark, ai] in
            await lark.stop()
            await ai.stop()
        }
    }

    /// `kopi serve`'s settings for this database and the fakes, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "KOPI_DATABASE_URL": database.url, "KOPI_MASTER_KEY": masterKey, "KOPI_LOG_LEVEL": "warning",
            "KOPI_MAIL": "console", "KOPI_LARK_BASE_URL": lark.baseURL, "KOPI_LARK_DOWNLOAD_HOSTS": "127.0.0.1",
            "KOPI_ANTHROPIC_API_KEY": "sk-fake-key", "KOPI_ANTHROPIC_BASE_URL": ai.baseURL,
        ].merging(ownerURL.map { ["KOPI_DATABASE_OWNER_URL": $0] } ?? [:]) { $1 }.merging(extra) { $1 }
    }

    func eventsURL(_ base: String) -> String { "\(base)/lark/\(claims.endpoint)/events" }

    /// `perClaim` signed, encrypted `approval_instance` events for every claim (Lark sends
    /// several per instance), shuffled.
    func deliveries(perClaim: Int) -> [FakeLarkPusher.Delivery] {
        claims.instanceCodes.flatMap { code in
            (0..<perClaim).map { _ in
                FakeLarkPusher.delivery(
                    FakeLarkPayloads.approvalInstance(
                        app: app, eventID: LarkIDs.eventID(), approvalCode: claims.approvalCode, instanceCode: code,
                        status: "PENDING"), app: app)
            }
        }.shuffled()
    }

    /// Waits until every approver has a card and no job is running or due (at most 4 minutes; a
    /// re-check queued for later does not count); returns the cards Lark received and the jobs by state.
    func settle() async throws -> (cards: [FakeSentCard], jobs: [Job.State: Int]) {
        let approvers = Set(claims.approvers)
        let deadline = ContinuousClock.now + .seconds(240)
        var jobs: [Job.State: Int] = [:]
        while ContinuousClock.now < deadline {
            let cards = await lark.state.sentCards
            let due: Int64
            (jobs, due) = try await Self.storage(database, ownerURL: ownerURL, masterKey: masterKey) { storage in
                (
                    try await storage.jobs.counts(),
                    try await storage.database.autocommit { session in
                        try await session.query(
                            "SELECT count(*) AS n FROM jobs WHERE state = 'queued' AND run_at <= $1",
                            [.integer(SQLCoding.millis(Date()))]
                        ).first?.integer("n") ?? 0
                    }
                )
            }
            if Set(cards.map(\.receiverOpenID)) == approvers, due == 0, jobs[.running] == nil { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        return (await lark.state.sentCards, jobs)
    }

    /// Each approver exactly one card; every event in the inbox once; every claim stored; jobs
    /// only in `jobStates` (by default all done).
    func expectOneCardPerApprover(
        _ settled: (cards: [FakeSentCard], jobs: [Job.State: Int]), events: Int, jobStates: Set<Job.State> = [.done]
    ) async throws {
        let perApprover = Dictionary(grouping: settled.cards, by: \.receiverOpenID).mapValues(\.count)
        #expect(Set(perApprover.keys) == Set(claims.approvers), "every approver got a card")
        #expect(
            perApprover.values.allSatisfy { $0 == 1 }, "\(perApprover.values.filter { $0 > 1 }.count) got more than one"
        )
        #expect(settled.jobs.keys.allSatisfy { jobStates.contains($0) }, "\(settled.jobs)")
        let tenant = claims.tenant.description
        let stored = try await Self.storage(database, ownerURL: ownerURL, masterKey: masterKey) { storage in
            try await storage.database.transaction(tenant: tenant, user: nil) { session in
                (
                    try await session.query("SELECT count(*) AS n FROM inbox_events", []).first?.integer("n"),
                    try await session.query("SELECT count(*) AS n FROM submissions", []).first?.integer("n")
                )
            }
        }
        #expect(stored.0 == Int64(events), "every accepted event is in the inbox once")
        #expect(stored.1 == Int64(claims.instanceCodes.count), "every claim is stored")
    }

    /// A fresh SQLite file or Postgres schema, and the owner URL for Postgres.
    static func database(_ backend: String, folder: URL) async throws -> (DatabaseLocation, String?) {
        guard backend == "postgres" else {
            return (.sqlite(path: folder.appendingPathComponent("kopi.db").path), nil)
        }
        let schema = try await PostgresTestSchema.create()
        return (.postgres(url: schema.runtimeURL), schema.ownerURL)
    }

    struct Claims {
        let tenant: TenantID
        let endpoint: String
        let approvalCode: String
        let instanceCodes: [String]
        let approvers: [String]
    }

    /// A workspace connected to `app` with one flow, and its claims in the fake Lark: one
    /// receipt and one approver of its own each.
    static func seed(
        _ database: DatabaseLocation, ownerURL: String?, masterKey: String, app: FakeApp, lark: FakeLarkServer,
        count: Int
    ) async throws -> Claims {
        let approvalCode = LarkIDs.approvalCode()
        let randomness = SystemRandomness()
        let tenant = Tenant(
            id: randomness.identifier(), name: "Crash Test Pte Ltd", larkDomain: .lark,
            endpointID: randomness.endpointID(), createdAt: Date())
        try await storage(database, ownerURL: ownerURL, masterKey: masterKey) { storage in
            let owner = User(
                id: randomness.identifier(), email: EmailAddress("owner@crash.example")!, createdAt: Date())
            try await storage.directory.createUser(owner)
            try await storage.directory.createWorkspace(tenant, owner: owner.id)
            try await storage.withTenant(tenant.id) { scope in
                try await scope.tenant.saveLarkConnection(
                    LarkConnection(
                        tenantID: tenant.id, appID: app.appID, appSecret: Secret(app.appSecret),
                        encryptKey: Secret(app.encryptKey), verificationToken: Secret(app.verificationToken),
                        updatedAt: Date()))
                try await scope.approvals.saveFlow(
                    MonitoredFlow(
                        id: randomness.identifier(), tenantID: tenant.id, approvalCode: approvalCode, name: "Expenses",
                        mapping: FormFieldMapping(
                            amount: "amount", date: "date", category: "category", vendor: "vendor",
                            attachments: "files"),
                        subscribed: false, createdAt: Date()))
            }
        }
        await lark.state.register(app)
        let codes = (0..<count).map { _ in LarkIDs.instanceCode() }
        let approvers = (0..<count).map { _ in LarkIDs.openID() }
        for (index, code) in codes.enumerated() {
            let name = "receipt-\(index).pdf"
            await lark.state.addFile(name: name, bytes: Array("%PDF-1.7 \(name) \(UUID())".utf8))
            await lark.state.addInstance(
                FakeInstance(
                    approvalCode: approvalCode, instanceCode: code, applicantOpenID: LarkIDs.openID(),
                    startTime: Date(),
                    form: [
                        ["id": "amount", "type": "amount", "value": "\(20 + index % 50).40", "currency": "SGD"],
                        ["id": "vendor", "type": "input", "value": "Vendor \(index % 30)"],
                        ["id": "category", "type": "radioV2", "value": "transport"],
                        ["id": "date", "type": "date", "value": "2026-11-20T09:00:00+08:00"],
                        ["id": "files", "type": "attachmentV2", "ext": name, "value": [lark.fileURL(name)]],
                    ],
                    tasks: [FakeTask(id: LarkIDs.taskID(), approverOpenID: approvers[index])]))
        }
        return Claims(
            tenant: tenant.id, endpoint: tenant.endpointID.value, approvalCode: approvalCode, instanceCodes: codes,
            approvers: approvers)
    }

    /// Opens the database with the master key the servers use, runs `body`, closes it.
    static func storage<Result>(
        _ database: DatabaseLocation, ownerURL: String?, masterKey: String, _ body: (SQLStorage) async throws -> Result
    ) async throws -> Result {
        let storage = try await StorageFactory.open(
            database, sealer: AESGCMSecretSealer(keyring: try MasterKeyring(parsing: masterKey)), migrationURL: ownerURL
        )
        return try await storage.closing(after: body)
    }

    /// Sends every delivery with `concurrency` senders, each again until it is answered 200 (as
    /// Lark re-sends); `url` picks the address for the delivery's index.
    static func push(
        _ deliveries: [FakeLarkPusher.Delivery], to url: @escaping @Sendable (Int) -> String, concurrency: Int = 8,
        progress: PushProgress
    ) async {
        let http = CurlHTTPClient(threads: concurrency)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while true {
                        let index = progress.next.add(1, ordering: .relaxed).oldValue
                        guard index < deliveries.count else { return }
                        while true {
                            let request = HTTPClientRequest(
                                method: "POST", url: url(index), headers: deliveries[index].headers,
                                body: deliveries[index].body, timeout: .seconds(10))
                            let status = (try? await http.send(request))?.status ?? 0
                            if status == 200 {
                                progress.accepted.add(1, ordering: .relaxed)
                                break
                            }
                            if status == 503 { progress.refused.add(1, ordering: .relaxed) }
                            if status != 0 && status != 503 { progress.unexpected.withLock { $0.append(status) } }
                            try? await Task.sleep(for: .milliseconds(50))
                        }
                    }
                }
            }
        }
    }
}

/// Where the pushers are: the next delivery to send, how many were answered 200 and how many
/// 503, and any answer other than 200, 503 or a refused connection.
final class PushProgress: Sendable {
    let next = Atomic(0)
    let accepted = Atomic(0)
    let refused = Atomic(0)
    let unexpected = Mutex<[Int]>([])
}

/// `kopi serve` on one port across restarts, killed without warning.
final class KillableServer: Sendable {
    let port = FreePort.find()
    let folder: URL
    let environment: [String: String]
    private let current = Mutex<Process?>(nil)

    /// Where its standard error goes, across restarts.
    let log: URL

    init(folder: URL, environment: [String: String], log: String = "serve.log") {
        self.folder = folder
        self.environment = environment
        self.log = folder.appendingPathComponent(log)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcessTests.binary)
        process.arguments = ["serve"]
        process.environment = environment.merging([
            "KOPI_PORT": "\(port)", "PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": folder.path,
        ]) { $1 }
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardError = handle
        try process.run()
        current.withLock { $0 = process }
        let health = CurlHTTPClient(threads: 1)
        for _ in 0..<300 {
            if (try? await health.send(
                HTTPClientRequest(method: "GET", url: "\(baseURL)/healthz", timeout: .seconds(1))))?
                .status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("kopi serve did not become healthy: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    /// SIGKILL: no shutdown, no flush, no hand-back of leased jobs.
    func kill() async { await end(signal: SIGKILL) }

    func stop() async { await end(signal: SIGTERM) }

    private func end(signal: Int32) async {
        guard let process = current.withLock({ $0 }) else { return }
        Foundation.kill(process.processIdentifier, signal)
        var status: Int32 = 0
        while waitpid(process.processIdentifier, &status, WNOHANG) == 0 {
            try? await Task.sleep(for: .milliseconds(10))
        }
        current.withLock { $0 = nil }
    }
}
