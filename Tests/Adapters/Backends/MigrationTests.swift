import Domain
import Foundation
import Ports
import Testing

@testable import Adapters

@Suite("Migrations")
struct MigrationTests {
    @Test("Migrating an up-to-date database applies nothing", arguments: [StoreKind.sqlite, .postgres])
    func idempotent(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let applied: [Int]
            switch kind {
            case .sqlite: applied = try await StorageFactory.migrate(.sqlite(path: try #require(test.sqlitePath)))
            default:
                applied = try await StorageFactory.migrate(
                    .postgres(url: try #require(test.postgresRuntimeURL)), migrationURL: test.postgresOwnerURL)
            }
            #expect(applied == [])
        }
    }

    @Test(
        "Migration 6 leaves one running job per subject: the latest-leased; the others an older Kopi left running are settled as superseded"
    )
    func oneRunPerSubjectUpgrade() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-v5-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let old = try await SQLiteDatabase.open(path: path, busyTimeoutMilliseconds: 1000)
        let tenant = UUID().uuidString.lowercased()
        let ids = (0..<4).map { _ in UUID().uuidString.lowercased() }
        try await old.transaction { session in
            try await session.execute(
                "CREATE TABLE kopi_migrations (version INTEGER PRIMARY KEY, statements INTEGER NOT NULL)", [])
            for (index, statements) in Schema.migrations(for: .sqlite).prefix(5).enumerated() {
                for statement in statements { try await session.execute(statement, []) }
                try await session.execute(
                    "INSERT INTO kopi_migrations VALUES ($1, $2)",
                    [.integer(Int64(index + 1)), .integer(Int64(statements.count))])
            }
            try await session.execute("INSERT INTO tenants VALUES ($1, 'Acme', 'lark', 'e1', 0)", [.text(tenant)])
            // Two runs of instance A running together (of two kinds), one waiting, and B running alone.
            for (id, kind, subject, state, runAt) in [
                (ids[0], "process_instance", "A", "running", 100),
                (ids[1], "instance_status_changed", "A", "running", 200),
                (ids[2], "process_instance", "A", "queued", 50), (ids[3], "process_instance", "B", "running", 100),
            ] {
                try await session.execute(
                    """
                    INSERT INTO jobs (id, tenant_id, kind, subject, state, attempts, max_attempts, run_at, lease_owner,
                      lease_expires_at, created_at) VALUES ($1, $2, $3, $4, $5, 1, 5, $6, 'w', $6, 0)
                    """, [.text(id), .text(tenant), .text(kind), .text(subject), .text(state), .integer(Int64(runAt))])
            }
        }
        await old.close()
        #expect(try await StorageFactory.migrate(.sqlite(path: path)) == [6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
        let upgraded = try await SQLiteDatabase.open(path: path, busyTimeoutMilliseconds: 1000)
        let states = try await upgraded.transaction { session in
            try await session.query("SELECT id, state, last_error FROM jobs", []).reduce(into: [String: String]()) {
                $0[try $1.text("id")] = "\(try $1.text("state"))|\(try $1.optionalText("last_error") ?? "-")"
            }
        }
        await upgraded.close()
        #expect(
            states == [
                ids[0]: "done|job.superseded", ids[1]: "running|-", ids[2]: "queued|-", ids[3]: "running|-",
            ])
    }

    @Test(
        "A database from migration 2 upgrades: cards open with no task, taps and leases work, the audit trail keeps its order, flows keep history"
    )
    func upgradeFromTwo() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-v2-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let old = try await SQLiteDatabase.open(path: path, busyTimeoutMilliseconds: 1000)
        let (tenant, flow, submission) = (
            UUID().uuidString.lowercased(), UUID().uuidString.lowercased(), UUID().uuidString.lowercased()
        )
        try await old.transaction { session in
            try await session.execute(
                "CREATE TABLE kopi_migrations (version INTEGER PRIMARY KEY, statements INTEGER NOT NULL)", [])
            for (index, statements) in Schema.migrations(for: .sqlite).prefix(2).enumerated() {
                for statement in statements { try await session.execute(statement, []) }
                try await session.execute(
                    "INSERT INTO kopi_migrations VALUES ($1, $2)",
                    [.integer(Int64(index + 1)), .integer(Int64(statements.count))])
            }
            try await session.execute("INSERT INTO tenants VALUES ($1, 'Acme', 'lark', 'e1', 0)", [.text(tenant)])
            try await session.execute(
                "INSERT INTO flows VALUES ($1, $2, 'A', 'Travel', '{}', 1, 0)", [.text(tenant), .text(flow)])
            try await session.execute(
                "INSERT INTO submissions (tenant_id, id, flow_id, instance_code, status, body, submitted_at, updated_at) VALUES ($1, $2, $3, 'I', 'PENDING', '{}', 0, 0)",
                [.text(tenant), .text(submission), .text(flow)])
            try await session.execute(
                "INSERT INTO card_messages VALUES ($1, $2, 'ou_x', 'om_x', 5)", [.text(tenant), .text(submission)])
            for (id, action) in [
                ("00000000-0000-4000-8000-000000000001", "received"), ("00000000-0000-4000-8000-000000000002", "read"),
            ] {
                try await session.execute(
                    "INSERT INTO audit_entries VALUES ($1, $2, $3, 7, 'system', $4, '{}')",
                    [.text(tenant), .text(id), .text(submission), .text(action)])
            }
        }
        await old.close()
        #expect(try await StorageFactory.migrate(.sqlite(path: path)) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
        let storage = try await StorageFactory.open(.sqlite(path: path), sealer: testSealer)
        let cards = try await storage.withTenant(try #require(TenantID(tenant))) {
            try await $0.approvals.cards(for: try #require(SubmissionID(submission)))
        }
        #expect(cards.map { "\($0.taskID)|\($0.state)" } == ["|open"])
        #expect(try await storage.leases.acquire("x", owner: "a", for: 60, now: Date()))
        let tenantID = try #require(TenantID(tenant))
        let submissionID = try #require(SubmissionID(submission))
        try await storage.withTenant(tenantID) { scope in
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: Identifier(UUID()), tenantID: tenantID, submissionID: submissionID,
                    at: Date(timeIntervalSince1970: 0), actor: "system",
                    action: .checked))
            #expect(
                try await scope.approvals.auditTrail(for: submissionID).map(\.action) == [.received, .read, .checked])
            #expect(try await scope.approvals.auditTrail(for: submissionID).compactMap(\.sequence) == [1, 2, 3])
            await #expect(throws: StoreError.invalidReference) {
                try await scope.approvals.deleteFlow(try #require(FlowID(flow)))
            }
            #expect(try await scope.approvals.flows().count == 1)
        }
        await storage.close()
    }

    @Test(
        "Migrations 5 and 8 fill the report's summary and decision times from the history: the same figures as kept while writing",
        arguments: [StoreKind.sqlite, .postgres])
    func reportSummaryBackfill(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let tenant = try await Self.seedTwoWorkspaces(test, claims: 40, seed: 5)
            let (from, to) = (Fixtures.time(-86400), Fixtures.time(6 * 86400))
            let dayStarts = (0..<7).map { from.addingTimeInterval(Double($0) * 86400) }
            func figures() async throws -> ReportFigures {
                try await test.storage.withTenant(tenant.id) {
                    try await $0.approvals.reportFigures(from: from, to: to, dayStarts: dayStarts)
                }
            }
            let kept = try await figures()
            #expect(kept.submissions == 40 && kept.checked > 0 && kept.decisions.isEmpty == false)
            #expect(kept.medianMillisecondsToDecision != nil)
            // The owner is subject to forced row-level security like the runtime role.
            let unforced = ["submissions", "submission_flags"]
            let forget =
                (kind == .postgres ? unforced.map { "ALTER TABLE \($0) NO FORCE ROW LEVEL SECURITY" } : [])
                + [
                    "UPDATE submissions SET first_card_at = NULL, decision = NULL, decided_by_kopi = 0, verdict = 'red', decided_at = NULL",
                    "DELETE FROM submission_flags",
                ] + (kind == .postgres ? unforced.map { "ALTER TABLE \($0) FORCE ROW LEVEL SECURITY" } : [])
            let database = try await Self.ownerDatabase(kind, test)
            try await database.transaction { session in
                for statement in forget { try await session.execute(statement, []) }
            }
            #expect(try await figures() != kept)
            try await database.transaction { session in
                for statement in Schema.reportSummaryBackfill(database.dialect)
                    + Schema.decisionTimeBackfill(database.dialect)
                {
                    try await session.execute(statement, [])
                }
            }
            await database.close()
            #expect(try await figures() == kept)
        }
    }

    @Test(
        "Migration 15 fills the applicant column from the claims' bodies: the applicant's claims are found as before",
        arguments: [StoreKind.sqlite, .postgres])
    func applicantBackfill(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let tenant = try await Self.seedTwoWorkspaces(test, claims: 30, seed: 7)
            func claimsByApplicant() async throws -> [String: [SubmissionID]] {
                try await test.storage.withTenant(tenant.id) { scope in
                    var found: [String: [SubmissionID]] = [:]
                    for applicant in Set(
                        try await scope.approvals.submissions(SubmissionQuery(limit: 100)).map(\.applicant))
                    {
                        found[applicant] = try await scope.approvals.submissions(
                            SubmissionQuery(limit: 100, applicant: applicant)
                        ).map(\.id)
                    }
                    return found
                }
            }
            let kept = try await claimsByApplicant()
            #expect(kept.count > 1 && kept.values.map(\.count).reduce(0, +) == 30)
            let database = try await Self.ownerDatabase(kind, test)
            let forget =
                kind == .postgres
                ? [
                    "ALTER TABLE submissions NO FORCE ROW LEVEL SECURITY", "UPDATE submissions SET applicant = NULL",
                    "ALTER TABLE submissions FORCE ROW LEVEL SECURITY",
                ] : ["UPDATE submissions SET applicant = NULL"]
            try await database.transaction { session in
                for statement in forget { try await session.execute(statement, []) }
            }
            #expect(try await claimsByApplicant().values.allSatisfy(\.isEmpty), "the query reads the column")
            try await database.transaction { session in
                for statement in Schema.applicantBackfill(database.dialect) { try await session.execute(statement, []) }
            }
            await database.close()
            #expect(try await claimsByApplicant() == kept)
        }
    }

    /// A workspace with `claims` checked claims, beside another with ten; returns the first.
    static func seedTwoWorkspaces(_ test: TestStorage, claims: Int, seed: UInt64) async throws -> Tenant {
        let (tenant, _) = try await Fixtures.workspace(in: test.storage)
        let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
        try await ApprovalStoreFiguresContract.seed(test.storage, tenant: tenant.id, count: claims, seed: seed)
        try await ApprovalStoreFiguresContract.seed(test.storage, tenant: other.id, count: 10, seed: seed + 1)
        return tenant
    }

    /// The database as its owner, who runs migrations (under forced row-level security on Postgres).
    static func ownerDatabase(_ kind: StoreKind, _ test: TestStorage) async throws -> any SQLDatabase {
        switch kind {
        case .postgres: PostgresDatabase(conninfo: try #require(test.postgresOwnerURL), maxConnections: 1)
        default: try await SQLiteDatabase.open(path: try #require(test.sqlitePath), busyTimeoutMilliseconds: 5000)
        }
    }

    @Test("Bad database URLs are explained")
    func badURLs() throws {
        #expect(throws: DatabaseLocationError.unknownScheme) { try DatabaseLocation(parsing: "mysql://x") }
        #expect(throws: DatabaseLocationError.emptySQLitePath) { try DatabaseLocation(parsing: "sqlite:") }
        #expect(throws: (any Error).self) { try DatabaseLocation(parsing: "postgres://host/db?no_such_option=1") }
        #expect(try DatabaseLocation(parsing: "postgres://u:hunter2@db/kopi").description.contains("hunter2") == false)
        #expect(try DatabaseLocation(parsing: "postgres://kopi_app@db/kopi").postgresUser == "kopi_app")
    }
}
