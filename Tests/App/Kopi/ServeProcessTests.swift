import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real `kopi` executable, as an operator runs it.
@Suite("kopi process", .serialized)
struct ServeProcessTests {
    static let binary = PackageRoot.url.appendingPathComponent(".build/debug/kopi").path

    func run(_ arguments: [String], environment: [String: String], in folder: URL, stdout: URL? = nil) throws
        -> Process
    {
        try #require(
            FileManager.default.fileExists(atPath: Self.binary), "build the kopi executable first (./scripts/test does)"
        )
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        // A development key file goes to the configuration folder: keep it in the test's folder.
        process.environment = environment.merging(["PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": folder.path]) { $1 }
        process.currentDirectoryURL = folder
        process.standardOutput =
            try stdout.map { try FileHandle(forWritingTo: $0) }
            ?? FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = try FileHandle(forWritingTo: folder.appendingPathComponent("stderr.log"))
        try process.run()
        return process
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("stderr.log").path, contents: nil)
        return folder
    }

    func freePort() -> Int { FreePort.find() }

    /// The process's exit status, waited for without holding a thread of the test pool (the
    /// suites run beside this one on two cores).
    func status(of process: Process) async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Waits for the process to end; kills it and returns false after `limit`.
    func exits(_ process: Process, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        guard process.isRunning else { return true }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return false
    }

    func get(_ url: String) async -> Int? {
        guard let url = URL(string: url) else { return nil }
        return try? await (URLSession.shared.data(from: url).1 as? HTTPURLResponse)?.statusCode
    }

    @Test(
        "kopi serve answers /healthz on SQLite and stops cleanly on SIGTERM, naming each service in a few words; with no workers it still serves",
        arguments: [nil, "0"])
    func serveAndStop(workers: String?) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = freePort()
        var environment = ["KOPI_PORT": "\(port)", "KOPI_LOG_FORMAT": "json", "KOPI_LOG_LEVEL": "debug"]
        if let workers { environment["KOPI_WORKERS"] = workers }
        let process = try run(["serve"], environment: environment, in: folder)
        var status: Int?
        for _ in 0..<100 where status == nil {
            try await Task.sleep(for: .milliseconds(100))
            status = await get("http://127.0.0.1:\(port)/healthz")
        }
        #expect(status == 200)
        try await Task.sleep(for: .milliseconds(500))
        let stillServing = await get("http://127.0.0.1:\(port)/healthz")
        #expect(process.isRunning && stillServing == 200)
        kill(process.processIdentifier, SIGTERM)
        #expect(await exits(process, within: .seconds(20)), "kopi did not stop on SIGTERM")
        #expect(process.terminationStatus == 0)
        let log = try String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)
        #expect(log.contains(#""message":"kopi stopped""#))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("kopi.db").path))
        // The service group logs each service as it stops: a short name, not a dump of its value.
        let lines = log.split(separator: "\n")
        #expect(
            lines.contains { $0.contains("Workers(\(workers ?? "16")") } && lines.contains { $0.contains("Resources(") }
        )
        #expect(
            lines.allSatisfy { $0.utf8.count < 600 }, "\(lines.map(\.utf8.count).max() ?? 0) bytes in the longest line")
    }

    @Test("A bad configuration exits 78 and lists the problems")
    func badConfiguration() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = try run(
            ["serve"], environment: ["KOPI_DATABASE_URL": "sqlite:/no/such/folder/k.db", "KOPI_PORT": "0"], in: folder)
        #expect(await status(of: process) == 78)
        let log = try String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)
        #expect(log.contains("KOPI_PORT"))
    }

    @Test(
        "An unreachable Postgres or an unwritable SQLite folder stops start-up with exit 78 and the reason",
        arguments: [
            ("postgres://kopi_app@127.0.0.1:1/kopi?connect_timeout=2", "cannot connect to Postgres"),
            ("sqlite:/etc/hostname/kopi.db", "does not exist"),
        ])
    func unusableDatabase(url: String, reason: String) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = Data(repeating: 7, count: 32).base64EncodedString()
        for command in ["serve", "migrate"] {
            let process = try run(
                [command], environment: ["KOPI_DATABASE_URL": url, "KOPI_MASTER_KEY": key, "KOPI_MAIL": "console"],
                in: folder)
            #expect(await status(of: process) == 78)
            let log = try String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)
            #expect(log.contains(reason))
        }
    }

    @Test(
        "As a Postgres role that bypasses row-level security (the tables' owner) kopi serve refuses to start, unless told to accept it"
    )
    func rowLevelSecurityBypass() async throws {
        let schema = try await PostgresTestSchema.create()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = freePort()
        var environment = [
            "KOPI_DATABASE_URL": schema.ownerURL, "KOPI_MASTER_KEY": MasterKeyring.generateText(),
            "KOPI_MAIL": "console", "KOPI_PORT": "\(port)", "KOPI_PUBLIC_URL": "http://127.0.0.1:\(port)",
        ]
        let refused = try run(["serve"], environment: environment, in: folder)
        #expect(await status(of: refused) == 78)
        let log = try String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)
        #expect(log.contains("the database role owns the tables") && log.contains("KOPI_ALLOW_RLS_BYPASS=on"))

        environment["KOPI_ALLOW_RLS_BYPASS"] = "on"
        let accepted = try run(["serve"], environment: environment, in: folder)
        var status: Int?
        for _ in 0..<100 where status != 200 {
            try await Task.sleep(for: .milliseconds(100))
            status = await get("http://127.0.0.1:\(port)/healthz")
        }
        #expect(status == 200)
        kill(accepted.processIdentifier, SIGTERM)
        #expect(await exits(accepted, within: .seconds(10)))
        let warned = try String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)
        #expect(warned.contains("row-level security is weakened"))
    }

    @Test(
        "Console mail reaches stdout at once when it is not a terminal (a supervisor, a pipe), not when the process ends"
    )
    func consoleMailUnbuffered() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("stdout.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let port = freePort()
        let base = "http://127.0.0.1:\(port)"
        let process = try run(
            ["serve"], environment: ["KOPI_PORT": "\(port)", "KOPI_PUBLIC_URL": base, "KOPI_WORKERS": "0"], in: folder,
            stdout: output)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var healthy = false
        for _ in 0..<100 where !healthy {
            try await Task.sleep(for: .milliseconds(100))
            healthy = await get("\(base)/healthz") == 200
        }
        #expect(healthy)
        var request = URLRequest(url: URL(string: "\(base)/api/v1/auth/magic-link")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(base, forHTTPHeaderField: "Origin")
        request.httpBody = Data(#"{"email":"ana@example.com"}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 202)
        var printed = ""
        for _ in 0..<50 where !printed.contains("#token=") {
            try await Task.sleep(for: .milliseconds(100))
            printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        }
        #expect(process.isRunning, "read while the service still runs")
        #expect(printed.contains("To: ana@example.com") && printed.contains("\(base)/sign-in/confirm#token="))
        kill(process.processIdentifier, SIGTERM)
        #expect(await exits(process, within: .seconds(10)))
    }

    @Test("kopi reseal moves every secret to the first key, names the key ids that can go, and fails while any remain")
    func reseal() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kopi.db").path
        let (a, b, c) = (MasterKeyring.generateText(), MasterKeyring.generateText(), MasterKeyring.generateText())
        let (storage, _) = try await workspace(at: path, key: "k1:\(a)", connected: true)
        await storage.close()

        func reseal(_ key: String) async throws -> (Int32, String) {
            let output = folder.appendingPathComponent("reseal-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let process = try run(
                ["reseal"], environment: ["KOPI_DATABASE_URL": "sqlite:\(path)", "KOPI_MASTER_KEY": key], in: folder,
                stdout: output)
            let code = await status(of: process)
            return (code, try String(contentsOf: output, encoding: .utf8))
        }
        let stranded = try await reseal("k3:\(c)")
        #expect(stranded.0 == 1 && stranded.1.contains("k1: 3 remaining that could not be opened"))
        let rotated = try await reseal("k2:\(b),k1:\(a)")
        #expect(rotated.0 == 0)
        #expect(rotated.1.contains("resealed 3 value(s) under k2, the current key"))
        #expect(rotated.1.contains("k1: 0 remaining; it can be removed from KOPI_MASTER_KEY"))
        let retired = try await reseal("k2:\(b)")
        #expect(retired.0 == 0 && retired.1.contains("resealed 0 value(s) under k2"))
    }

    @Test("kopi jobs lists dead letters with their error code, retries one keeping its history, and discards another")
    func deadLetters() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kopi.db").path
        let key = "k1:\(MasterKeyring.generateText())"
        let (storage, tenant) = try await workspace(at: path, key: key)
        let randomness = SystemRandomness()
        let jobs = (0..<2).map { index in
            Job(
                id: randomness.identifier(), tenantID: tenant.id, kind: .processInstance,
                subject: LarkIDs.instanceCode(), maxAttempts: 1, runAt: Date(timeIntervalSinceNow: Double(index - 10)),
                createdAt: Date())
        }
        try await storage.withTenant(tenant.id) { _ = try await $0.scheduler.enqueue(jobs) }
        for _ in jobs {
            let job = try #require(try await storage.jobs.claim(worker: "w", lease: .seconds(60), now: Date()))
            _ = try await storage.jobs.fail(
                job.id, worker: "w", errorCode: "lark.forbidden(1390001)", retryAt: nil, now: Date())
        }
        await storage.close()

        func kopi(_ arguments: [String]) async throws -> (Int32, String) {
            let output = folder.appendingPathComponent("jobs-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let process = try run(
                ["jobs"] + arguments, environment: ["KOPI_DATABASE_URL": "sqlite:\(path)", "KOPI_MASTER_KEY": key],
                in: folder, stdout: output)
            let code = await status(of: process)
            return (code, try String(contentsOf: output, encoding: .utf8))
        }
        let listed = try await kopi(["list"])
        #expect(listed.0 == 0)
        for job in jobs {
            #expect(
                listed.1.contains(
                    "\(job.id) \(tenant.id) process_instance \(job.subject) attempts=1 error=lark.forbidden(1390001) died="
                ))
        }
        let retried = try await kopi(["retry", jobs[0].id.description])
        #expect(retried.0 == 0 && retried.1.contains("retried \(jobs[0].id): queued with 3 attempt(s)"))
        let discarded = try await kopi(["discard", jobs[1].id.description, "not-an-id"])
        #expect(discarded.0 == 1, "one id was not a job's")
        #expect(discarded.1.contains("discarded \(jobs[1].id)") && discarded.1.contains("not-an-id: not a job id"))
        #expect(try await kopi(["list"]).1.contains("no dead jobs"))
        let again = try await kopi(["retry", jobs[0].id.description])
        #expect(again.0 == 1 && again.1.contains("no dead job has this id"))
    }

    @Test(
        "kopi backup while kopi serve runs; kopi restore refuses the live database, and the restored copy serves with the same key"
    )
    func backupRestore() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kopi.db").path
        let key = "k1:\(MasterKeyring.generateText())"
        let (storage, tenant) = try await workspace(at: path, key: key, connected: true)
        await storage.close()

        func kopi(_ arguments: [String], database: String, key: String = key) async throws -> (Int32, String, String) {
            let output = folder.appendingPathComponent("out-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            try Data().write(to: folder.appendingPathComponent("stderr.log"))
            let process = try run(
                arguments, environment: ["KOPI_DATABASE_URL": "sqlite:\(database)", "KOPI_MASTER_KEY": key],
                in: folder, stdout: output)
            let code = await status(of: process)
            return (
                code, try String(contentsOf: output, encoding: .utf8),
                try String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)
            )
        }
        func serve(_ database: String) async throws -> (Process, Int) {
            try await serving(["KOPI_DATABASE_URL": "sqlite:\(database)", "KOPI_MASTER_KEY": key], in: folder)
        }

        let (server, _) = try await serve(path)
        let backup = folder.appendingPathComponent("nightly.kopi").path
        let written = try await kopi(["backup", backup], database: path)
        #expect(written.0 == 0)
        #expect(written.1.contains("written to \(backup)") && written.1.contains("1 workspace(s)"))
        #expect(written.1.contains("keep a copy of KOPI_MASTER_KEY apart from this backup"))
        let again = try await kopi(["backup", backup], database: path)
        #expect(again.0 == 1 && again.2.contains("already exists"))
        let live = try await kopi(["restore", "--replace", backup], database: path)
        #expect(live.0 == 1 && live.2.contains("is open in another process"))
        #expect(server.isRunning)
        kill(server.processIdentifier, SIGTERM)
        #expect(await exits(server, within: .seconds(20)))

        let copy = folder.appendingPathComponent("restored.db").path
        let restored = try await kopi(["restore", backup], database: copy)
        #expect(restored.0 == 0)
        #expect(restored.1.contains("restored \(backup) into sqlite:\(copy)") && restored.1.contains("1 workspace(s)"))
        #expect(restored.1.contains("all 3 sealed secret(s) open with the configured master key"))
        let wrongKey = try await kopi(
            ["restore", backup], database: folder.appendingPathComponent("other.db").path,
            key: "k2:\(MasterKeyring.generateText())")
        #expect(wrongKey.0 == 1 && wrongKey.1.contains("3 of 3 sealed secret(s) do not open"))
        #expect(wrongKey.1.contains("(sealed under k1)"))

        let (restoredServer, _) = try await serve(copy)
        kill(restoredServer.processIdentifier, SIGTERM)
        #expect(await exits(restoredServer, within: .seconds(20)))
        let reopened = try await StorageFactory.open(
            .sqlite(path: copy), sealer: AESGCMSecretSealer(keyring: try MasterKeyring(parsing: key)))
        #expect(try await reopened.directory.tenant(id: tenant.id)?.name == "Acme")
        let connection = try await reopened.withTenant(tenant.id) { try await $0.tenant.larkConnection() }
        #expect(connection?.appSecret.revealForOutboundUse() == "s1")
        await reopened.close()
    }

    @Test(
        "GET /metrics: on its own listener (KOPI_METRICS_ADDRESS) and not on the public one; behind KOPI_METRICS_TOKEN on the public one"
    )
    func metricsEndpoints() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func fetch(_ url: String, token: String? = nil) async -> (Int?, String) {
            var request = URLRequest(url: URL(string: url)!)
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            guard let (data, response) = try? await URLSession.shared.data(for: request) else { return (nil, "") }
            return ((response as? HTTPURLResponse)?.statusCode, String(decoding: data, as: UTF8.self))
        }
        let metricsPort = freePort()
        let (scraper, port) = try await serving(["KOPI_METRICS_ADDRESS": "127.0.0.1:\(metricsPort)"], in: folder)
        let scraped = await fetch("http://127.0.0.1:\(metricsPort)/metrics")
        #expect(scraped.0 == 200)
        #expect(scraped.1.contains(#"kopi_jobs{kind="process_instance",state="queued"} 0"#))
        #expect(await fetch("http://127.0.0.1:\(port)/metrics").0 == 404)
        #expect(
            await fetch("http://127.0.0.1:\(metricsPort)/healthz").0 == 404, "the metrics listener serves metrics only")
        kill(scraper.processIdentifier, SIGTERM)
        #expect(await exits(scraper, within: .seconds(20)))

        let token = String(repeating: "c0ffee", count: 6)
        let (guarded, guardedPort) = try await serving(["KOPI_METRICS_TOKEN": token], in: folder)
        #expect(await fetch("http://127.0.0.1:\(guardedPort)/metrics").0 == 401)
        let allowed = await fetch("http://127.0.0.1:\(guardedPort)/metrics", token: token)
        #expect(allowed.0 == 200 && allowed.1.contains("kopi_jobs{"))
        kill(guarded.processIdentifier, SIGTERM)
        #expect(await exits(guarded, within: .seconds(20)))
    }

    /// `kopi serve` with `environment` on a free port, once it answers `/healthz`.
    func serving(_ environment: [String: String], in folder: URL) async throws -> (Process, Int) {
        let port = freePort()
        let process = try run(["serve"], environment: environment.merging(["KOPI_PORT": "\(port)"]) { $1 }, in: folder)
        var status: Int?
        for _ in 0..<100 where status == nil {
            try await Task.sleep(for: .milliseconds(100))
            status = await get("http://127.0.0.1:\(port)/healthz")
        }
        #expect(status == 200)
        return (process, port)
    }

    /// A SQLite database at `path` sealed with `key`, holding one workspace; `connected` gives it
    /// a Lark connection (three sealed secrets, s1–s3).
    private func workspace(at path: String, key: String, connected: Bool = false) async throws -> (SQLStorage, Tenant) {
        let storage = try await StorageFactory.open(
            .sqlite(path: path), sealer: AESGCMSecretSealer(keyring: try MasterKeyring(parsing: key)))
        let randomness = SystemRandomness()
        let tenant = Tenant(
            id: randomness.identifier(), name: "Acme", larkDomain: .lark, endpointID: randomness.endpointID(),
            createdAt: Date())
        let owner = User(id: UserID(UUID()), email: EmailAddress("owner@acme.example")!, createdAt: Date())
        try await storage.directory.createUser(owner)
        try await storage.directory.createWorkspace(tenant, owner: owner.id)
        if connected {
            try await storage.withTenant(tenant.id) { scope in
                try await scope.tenant.saveLarkConnection(
                    LarkConnection(
                        tenantID: tenant.id, appID: LarkIDs.appID(), appSecret: Secret("s1"), encryptKey: Secret("s2"),
                        verificationToken: Secret("s3"), updatedAt: Date()))
            }
        }
        return (storage, tenant)
    }

    @Test("kopi migrate creates the schema and is idempotent")
    func migrate() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for expected in ["[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]", "[]"] {
            let process = try run(["migrate"], environment: ["KOPI_LOG_FORMAT": "json"], in: folder)
            #expect(await status(of: process) == 0)
            let log = try String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)
            #expect(log.contains(#""versions":"\#(expected)""#))
        }
    }
}
