import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

@testable import Adapters

@Suite("Backup and restore")
struct BackupTests {
    static let key = "k1:\(MasterKeyring.generateText())"
    static let otherKey = "k9:\(MasterKeyring.generateText())"

    static func sealer(_ key: String = key) throws -> AESGCMSecretSealer {
        AESGCMSecretSealer(keyring: try MasterKeyring(parsing: key))
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// One workspace with its sealed Lark connection and a claim; returns the workspace.
    static func seed(_ storage: any Storage) async throws -> (Tenant, Submission) {
        let (tenant, _) = try await Fixtures.workspace(in: storage)
        let flow = Fixtures.flow(tenant.id)
        let submission = Fixtures.submission(tenant.id, flow: flow.id)
        try await storage.withTenant(tenant.id) { scope in
            try await scope.tenant.saveLarkConnection(Fixtures.connection(tenant.id))
            try await scope.approvals.saveFlow(flow)
            try await scope.approvals.saveSubmission(submission)
        }
        return (tenant, submission)
    }

    /// What a restored database must still hold: the workspace, its claim, and its secrets opened.
    static func expectRestored(_ storage: SQLStorage, tenant: Tenant, submission: Submission) async throws {
        #expect(try await storage.directory.tenant(id: tenant.id)?.name == tenant.name)
        let connection = try await storage.withTenant(tenant.id) { try await $0.tenant.larkConnection() }
        #expect(
            connection?.appSecret.revealForOutboundUse()
                == Fixtures.connection(tenant.id).appSecret.revealForOutboundUse())
        #expect(
            connection?.verificationToken.revealForOutboundUse()
                == Fixtures.connection(tenant.id).verificationToken.revealForOutboundUse())
        let stored = try await storage.withTenant(tenant.id) { try await $0.approvals.submission(submission.id) }
        #expect(stored?.instanceCode == submission.instanceCode)
        #expect(try await storage.openableSecrets() == SealedSecretsCheck(total: 3))
    }

    @Test("A SQLite backup taken while transactions commit between its steps is one consistent snapshot")
    func sqliteWhileWriting() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let live = folder.appendingPathComponent("kopi.db").path
        let storage = try await StorageFactory.open(.sqlite(path: live), sealer: try Self.sealer())
        let (tenant, submission) = try await Self.seed(storage)
        // Each transaction writes two rows with the same number: a snapshot holds both or neither.
        try await storage.database.transaction { session in
            try await session.execute("CREATE TABLE probe (n INTEGER NOT NULL, half INTEGER NOT NULL, pad BLOB)", [])
            for n in 0..<400 {
                for half in 0..<2 {
                    try await session.execute(
                        "INSERT INTO probe VALUES ($1, $2, $3)",
                        [.integer(Int64(n)), .integer(Int64(half)), .blob(Array(repeating: 7, count: 2000))])
                }
            }
        }
        let committed = Atomic(0)
        let writer = Task {
            var n = 400
            while !Task.isCancelled {
                try await storage.database.transaction { [n] session in
                    for half in 0..<2 {
                        try await session.execute(
                            "INSERT INTO probe VALUES ($1, $2, $3)",
                            [.integer(Int64(n)), .integer(Int64(half)), .blob(Array(repeating: 8, count: 2000))])
                    }
                }
                n += 1
                committed.add(1, ordering: .relaxed)
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        // The copy waits, halfway, until the writer has committed ten more transactions.
        let steps = Mutex<[BackupProgress]>([])
        let backup = folder.appendingPathComponent("backup.db").path
        let summary = try await SQLiteBackup.backup(database: live, to: backup, pagesPerStep: 32) { progress in
            let count = steps.withLock { steps in
                steps.append(progress)
                return steps.count
            }
            guard count == 3 else { return }
            let target = committed.load(ordering: .relaxed) + 10
            let deadline = ContinuousClock.now + .seconds(30)
            while committed.load(ordering: .relaxed) < target, ContinuousClock.now < deadline { usleep(5_000) }
        }
        writer.cancel()
        _ = await writer.result
        let progress = steps.withLock { $0 }
        #expect(progress.count > 10, "copied in many steps")
        #expect(progress.last.map { $0.copied == $0.total } == true)
        #expect(committed.load(ordering: .relaxed) >= 10, "transactions committed during the copy")
        #expect(summary.workspaces == 1 && summary.schemaVersion == Schema.migrations(for: .sqlite).count)
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal"), "a backup is one file")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".partial") })

        let liveRows = try await storage.database.autocommit {
            try await $0.query("SELECT count(*) AS n FROM probe", []).first?.integer("n")
        }
        await storage.close()

        let copy = try await StorageFactory.open(.sqlite(path: backup), sealer: try Self.sealer())
        let rows = try await copy.database.autocommit {
            try await $0.query("SELECT n, count(*) AS halves FROM probe GROUP BY n ORDER BY n", [])
        }
        #expect(rows.count >= 400 && rows.allSatisfy { (try? $0.integer("halves")) == 2 }, "no torn transaction")
        #expect(try rows.map { try $0.integer("n") } == (0..<Int64(rows.count)).map { $0 }, "no gap: a prefix")
        #expect(Int64(rows.count * 2) < liveRows ?? 0, "the live database went on past the snapshot")
        try await Self.expectRestored(copy, tenant: tenant, submission: submission)
        await copy.close()
    }

    @Test(
        "SQLite restore: into a new file or with --replace, never into a database in use, never a newer schema, a damaged file or a stranger's database"
    )
    func sqliteRestore() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let live = folder.appendingPathComponent("kopi.db").path
        let storage = try await StorageFactory.open(.sqlite(path: live), sealer: try Self.sealer())
        let (tenant, submission) = try await Self.seed(storage)
        let backup = folder.appendingPathComponent("backup.db").path
        _ = try await DatabaseBackup.backup(.sqlite(path: live), to: backup)
        await #expect(throws: BackupError.destinationExists(backup)) {
            try await DatabaseBackup.backup(.sqlite(path: live), to: backup)
        }
        let missing = folder.appendingPathComponent("missing.db").path
        let nowhere = folder.appendingPathComponent("never.db").path
        await #expect(throws: BackupError.databaseMissing(missing)) {
            try await DatabaseBackup.backup(.sqlite(path: missing), to: nowhere)
        }
        #expect(!FileManager.default.fileExists(atPath: nowhere) && !FileManager.default.fileExists(atPath: missing))

        // The live database is open here, as under kopi serve.
        await #expect(throws: BackupError.inUse(live)) {
            try await DatabaseBackup.restore(from: backup, into: .sqlite(path: live), replace: true)
        }
        try await storage.withTenant(tenant.id) { scope in
            try await scope.approvals.saveSubmission(Fixtures.submission(tenant.id, flow: submission.flowID))
        }
        await storage.close()
        await #expect(throws: BackupError.replaceRequired(live)) {
            try await DatabaseBackup.restore(from: backup, into: .sqlite(path: live))
        }
        // Replacing drops what was written after the backup.
        let replaced = try await DatabaseBackup.restore(from: backup, into: .sqlite(path: live), replace: true)
        #expect(replaced.workspaces == 1)
        let restored = try await StorageFactory.open(.sqlite(path: live), sealer: try Self.sealer())
        try await Self.expectRestored(restored, tenant: tenant, submission: submission)
        let claims = try await restored.database.transaction(tenant: tenant.id.description, user: nil) {
            try await $0.query("SELECT count(*) AS n FROM submissions", []).first?.integer("n")
        }
        #expect(claims == 1)
        await restored.close()

        // Elsewhere, with another master key: the data is there, the secrets are counted as unopenable.
        let elsewhere = folder.appendingPathComponent("elsewhere.db").path
        _ = try await DatabaseBackup.restore(from: backup, into: .sqlite(path: elsewhere))
        let blind = try await StorageFactory.open(.sqlite(path: elsewhere), sealer: try Self.sealer(Self.otherKey))
        #expect(try await blind.directory.tenant(id: tenant.id) != nil)
        #expect(try await blind.openableSecrets() == SealedSecretsCheck(total: 3, unopenable: ["k1": 3]))
        await blind.close()

        // A backup from a newer Kopi, a damaged one and a stranger's database are refused untouched.
        let newer = folder.appendingPathComponent("newer.db").path
        try FileManager.default.copyItem(atPath: backup, toPath: newer)
        let newerStorage = try await SQLiteDatabase.open(path: newer, busyTimeoutMilliseconds: 1000)
        try await newerStorage.transaction {
            try await $0.execute("INSERT INTO kopi_migrations (version, statements) VALUES (999, 1)", [])
        }
        await newerStorage.close()
        let target = folder.appendingPathComponent("target.db").path
        await #expect(throws: BackupError.newerSchema(found: 999, known: Schema.migrations(for: .sqlite).count)) {
            try await DatabaseBackup.restore(from: newer, into: .sqlite(path: target))
        }
        let stranger = folder.appendingPathComponent("stranger.db").path
        let other = try await SQLiteDatabase.open(path: stranger, busyTimeoutMilliseconds: 1000)
        try await other.transaction { try await $0.execute("CREATE TABLE notes (body TEXT)", []) }
        await other.close()
        await #expect(throws: BackupError.notKopi(stranger)) {
            try await DatabaseBackup.restore(from: stranger, into: .sqlite(path: target))
        }
        let damaged = folder.appendingPathComponent("damaged.db").path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        // Every B-tree page header after the schema's first page, overwritten.
        for offset in stride(from: 4096, to: bytes.count, by: 4096) {
            for index in offset..<(offset + 8) { bytes[index] = 0xFF }
        }
        try bytes.write(to: URL(fileURLWithPath: damaged))
        await #expect(throws: BackupError.self) {
            try await DatabaseBackup.restore(from: damaged, into: .sqlite(path: target))
        }
        #expect(!FileManager.default.fileExists(atPath: target), "a refused restore writes nothing")
    }

    @Test(
        "Postgres: pg_dump of Kopi's schema as a role that reads every row, restored into an empty database, serves the same data and secrets"
    )
    func postgresRoundTrip() async throws {
        let environment = ProcessInfo.processInfo.environment
        let superuser = try #require(environment["KOPI_TEST_POSTGRES_SUPERUSER_URL"])
        let binaries = URL(fileURLWithPath: try #require(environment["KOPI_TEST_PG_DUMP"])).deletingLastPathComponent()
            .path
        let schema = try await PostgresTestSchema.create()
        let options = "?options=-csearch_path%3D\(schema.schema)"
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }

        let storage = try await StorageFactory.open(
            .postgres(url: schema.runtimeURL), sealer: try Self.sealer(), migrationURL: schema.ownerURL)
        let (tenant, submission) = try await Self.seed(storage)
        await storage.close()

        let dump = folder.appendingPathComponent("kopi.dump").path
        // The owner is under forced row-level security: its dump would hold no workspace's rows.
        await #expect(throws: BackupError.cannotReadEveryRow(role: "kopi_owner")) {
            try await DatabaseBackup.backup(
                .postgres(url: schema.runtimeURL), to: dump,
                postgres: PostgresTools(url: schema.ownerURL, binaries: binaries))
        }
        #expect(!FileManager.default.fileExists(atPath: dump))
        let summary = try await DatabaseBackup.backup(
            .postgres(url: schema.runtimeURL), to: dump,
            postgres: PostgresTools(url: superuser + options, binaries: binaries))
        #expect(summary.workspaces == 1 && summary.schemaVersion == Schema.migrations(for: .postgres).count)

        // A new database on the same cluster, where the owner and runtime roles exist.
        let database = "r_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = PostgresDatabase(conninfo: superuser, maxConnections: 1)
        _ = try await admin.autocommit { try await $0.execute("CREATE DATABASE \(database) OWNER kopi_owner", []) }
        func onRestored(_ url: String) -> String {
            url.replacingOccurrences(of: "/kopi_test", with: "/\(database)") + options
        }
        do {
            let tools = PostgresTools(url: onRestored(superuser), binaries: binaries)
            let target = DatabaseLocation.postgres(url: onRestored(schema.runtimeURL.components(separatedBy: "?")[0]))
            let restored = try await DatabaseBackup.restore(from: dump, into: target, postgres: tools)
            #expect(
                restored == BackupSummary(bytes: summary.bytes, schemaVersion: summary.schemaVersion, workspaces: 1))
            await #expect(throws: BackupError.targetNotEmpty) {
                try await DatabaseBackup.restore(from: dump, into: target, postgres: tools)
            }
            // The runtime role, under row-level security as in production, on the restored copy.
            let copy = try await StorageFactory.open(
                target, sealer: try Self.sealer(),
                migrationURL: onRestored(schema.ownerURL.components(separatedBy: "?")[0]))
            try await Self.expectRestored(copy, tenant: tenant, submission: submission)
            await copy.close()
        } catch {
            _ = try? await admin.autocommit { try await $0.execute("DROP DATABASE \(database) WITH (FORCE)", []) }
            await admin.close()
            throw error
        }
        _ = try await admin.autocommit { try await $0.execute("DROP DATABASE \(database) WITH (FORCE)", []) }
        await admin.close()
    }
}
