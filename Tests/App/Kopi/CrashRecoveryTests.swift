import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

@testable import Adapters

/// The real `kopi serve`, killed with SIGKILL at random moments under load and started again, as
/// a machine or a container runtime would: Lark re-sends what was not answered 200, and every
/// push that was answered 200 must end as exactly one card per approver.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    static let instances = 400
    static let pushesPerInstance = 5
    static let kills = 4

    @Test(
        "2,000 pushes while kopi serve is SIGKILLed four times and restarted: every accepted push is kept and each approver gets exactly one card",
        arguments: ["sqlite", "postgres"])
    func killedUnderLoad(backend: String) async throws {
        let lark = try await FakeLarkServer.start()
        let ai = try await FakeAnthropicServer.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: folder)
            Task {
                await lark.stop()
                await ai.stop()
            }
        }
        let (database, ownerURL) = try await Self.database(backend, folder: folder)
        let masterKey = MasterKeyring.generateText()
        let app = FakeApp(
            appID: LarkIDs.appID(), appSecret: LarkIDs.secret(), encryptKey: LarkIDs.secret(),
            verificationToken: LarkIDs.secret())
        let claims = try await Self.seed(
            database, ownerURL: ownerURL, masterKey: masterKey, app: app, lark: lark, folder: folder)

        let server = KillableServer(
            folder: folder,
            environment: [
                "KOPI_DATABASE_URL": database.url, "KOPI_MASTER_KEY": masterKey, "KOPI_LOG_LEVEL": "warning",
                "KOPI_MAIL": "console", "KOPI_LARK_BASE_URL": lark.baseURL, "KOPI_LARK_DOWNLOAD_HOSTS": "127.0.0.1",
                "KOPI_ANTHROPIC_API_KEY": "sk-fake-key", "KOPI_ANTHROPIC_BASE_URL": ai.baseURL,
                // A killed instance's jobs run again once their lease lapses: 3 s instead of 120.
                "KOPI_JOB_LEASE_SECONDS": "3",
            ].merging(ownerURL.map { ["KOPI_DATABASE_OWNER_URL": $0] } ?? [:]) { $1 })
        try await server.start()

        // Each claim gets five events (Lark sends several per instance), in a shuffled order.
        let url = "\(server.baseURL)/lark/\(claims.endpoint)/events"
        let deliveries = claims.instanceCodes.flatMap { code in
            (0..<Self.pushesPerInstance).map { _ in
                FakeLarkPusher.delivery(
                    FakeLarkPayloads.approvalInstance(
                        app: app, eventID: LarkIDs.eventID(), approvalCode: claims.approvalCode, instanceCode: code,
                        status: "PENDING"), app: app)
            }
        }.shuffled()
        let progress = PushProgress()
        let http = CurlHTTPClient(threads: 8)
        let pushing = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        while true {
                            let index = progress.next.add(1, ordering: .relaxed).oldValue
                            guard index < deliveries.count else { return }
                            // As Lark does: send again until the answer is 200.
                            while true {
                                let request = HTTPClientRequest(
                                    method: "POST", url: url, headers: deliveries[index].headers,
                                    body: deliveries[index].body, timeout: .seconds(10))
                                let status = (try? await http.send(request))?.status ?? 0
                                if status == 200 {
                                    progress.accepted.add(1, ordering: .relaxed)
                                    break
                                }
                                if status != 0 && status != 503 { progress.unexpected.withLock { $0.append(status) } }
                                try? await Task.sleep(for: .milliseconds(50))
                            }
                        }
                    }
                }
            }
        }

        // Kills at random moments: during the pushes, and while the workers still process them.
        var killedWhilePushing = 0
        for _ in 0..<Self.kills {
            try await Task.sleep(for: .milliseconds(Int.random(in: 300...1200)))
            if progress.next.load(ordering: .relaxed) < deliveries.count { killedWhilePushing += 1 }
            await server.kill()
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...300)))
            try await server.start()
        }
        await pushing.value

        let approvers = Set(claims.approvers)
        let deadline = ContinuousClock.now + .seconds(240)
        var cards = await lark.state.sentCards
        while Set(cards.map(\.receiverOpenID)).count < approvers.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            cards = await lark.state.sentCards
        }
        // Jobs a killed instance held run again once their leases lapse; they must send nothing twice.
        var jobs: [Job.State: Int] = [:]
        while ContinuousClock.now < deadline {
            jobs = try await BenchStorage.with(database, ownerURL: ownerURL, masterKey: masterKey) {
                try await $0.jobs.counts()
            }
            if jobs[.queued] == nil && jobs[.running] == nil { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        cards = await lark.state.sentCards
        await server.stop()
        #expect(jobs[.dead] == nil && jobs[.queued] == nil && jobs[.running] == nil, "\(jobs)")

        #expect(progress.accepted.load(ordering: .relaxed) == deliveries.count, "every push was finally answered 200")
        #expect(progress.unexpected.withLock { $0 }.isEmpty, "only refused connections and 503 before a 200")
        #expect(killedWhilePushing >= 1, "at least one kill landed while pushes were arriving")
        let perApprover = Dictionary(grouping: cards, by: \.receiverOpenID).mapValues(\.count)
        #expect(Set(perApprover.keys) == approvers, "every approver got a card")
        #expect(
            perApprover.values.allSatisfy { $0 == 1 }, "\(perApprover.values.filter { $0 > 1 }.count) got more than one"
        )

        try await BenchStorage.with(database, ownerURL: ownerURL, masterKey: masterKey) { storage in
            let stored = try await storage.database.transaction(tenant: claims.tenant.description, user: nil) {
                session in
                (
                    try await session.query("SELECT count(*) AS n FROM inbox_events", []).first?.integer("n"),
                    try await session.query("SELECT count(*) AS n FROM submissions", []).first?.integer("n")
                )
            }
            #expect(stored.0 == Int64(deliveries.count), "every accepted event is in the inbox once")
            #expect(stored.1 == Int64(Self.instances))
        }
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
        folder: URL
    ) async throws -> Claims {
        let approvalCode = LarkIDs.approvalCode()
        let randomness = SystemRandomness()
        let tenant = Tenant(
            id: randomness.identifier(), name: "Crash Test Pte Ltd", larkDomain: .lark,
            endpointID: randomness.endpointID(), createdAt: Date())
        try await BenchStorage.with(database, ownerURL: ownerURL, masterKey: masterKey) { storage in
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
        let codes = (0..<instances).map { _ in LarkIDs.instanceCode() }
        let approvers = (0..<instances).map { _ in LarkIDs.openID() }
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
}

/// Where the pushers are: the next delivery to send, how many were answered 200, and any answer
/// other than 200, 503 or a refused connection.
final class PushProgress: Sendable {
    let next = Atomic(0)
    let accepted = Atomic(0)
    let unexpected = Mutex<[Int]>([])
}

/// The test's own view of the database, with the master key the server uses.
enum BenchStorage {
    static func with<Result>(
        _ database: DatabaseLocation, ownerURL: String?, masterKey: String, _ body: (SQLStorage) async throws -> Result
    ) async throws -> Result {
        let storage = try await StorageFactory.open(
            database, sealer: AESGCMSecretSealer(keyring: try MasterKeyring(parsing: masterKey)), migrationURL: ownerURL
        )
        return try await storage.closing(after: body)
    }
}

/// `kopi serve` on one port across restarts, killed without warning.
final class KillableServer: Sendable {
    let port = FreePort.find()
    let folder: URL
    let environment: [String: String]
    private let current = Mutex<Process?>(nil)

    init(folder: URL, environment: [String: String]) {
        self.folder = folder
        self.environment = environment
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
        let log = folder.appendingPathComponent("serve.log")
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
