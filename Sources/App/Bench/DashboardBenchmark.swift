import Adapters
import Application
import Crypto
import Domain
import Fakes
import Foundation
import HTTP
import Ports

/// The dashboard and API under a large workspace: a tenant is seeded with a year of checked
/// submissions (cards, decisions), `kopi serve` runs as a second process on the same database,
/// and signed-in GETs of the list, audit, report, their pages and the whole CSV export are timed.
struct DashboardBenchmark {
    static let approver = LarkIDs.stable(.openID, "bench-approver")
    let database: DatabaseLocation
    let ownerURL: String?
    let history: Int
    let requests: Int
    let concurrency: Int

    func run() async throws -> [String] {
        let masterKey = MasterKeyring.generateText()
        let seedStart = ContinuousClock.now
        let (cookie, sampleID) = try await seed(masterKey: masterKey)
        var lines = [
            String(
                format: "seeded %d checked submissions with cards and decisions in %.1f s", history,
                CheckBenchmark.seconds(ContinuousClock.now - seedStart))
        ]
        let server = try ServerProcess.start(database: database, ownerURL: ownerURL, masterKey: masterKey)
        defer { server.stop() }
        let http = CurlHTTPClient(threads: concurrency)
        try await server.waitUntilHealthy(http: http)
        let generator = LoadGenerator(http: http, concurrency: concurrency)
        let today = ISO8601DateFormatter().string(from: Date()).prefix(10)
        let yearAgo = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-364 * 86400)).prefix(10)
        let targets: [(String, String, Int)] = [
            ("GET /api/v1/approvals (first page of 50)", "/api/v1/approvals", requests),
            ("GET /api/v1/approvals?verdict=red&offset=1000", "/api/v1/approvals?verdict=red&offset=1000", requests),
            ("GET /api/v1/approvals/{id} (audit view)", "/api/v1/approvals/\(sampleID)", requests),
            ("GET /approvals (page)", "/approvals", requests),
            ("GET /approvals/{id} (audit page)", "/approvals/\(sampleID)", requests),
            ("GET /api/v1/report (last 30 days)", "/api/v1/report", max(requests / 5, 20)),
            ("GET /report (page with charts, 30 days)", "/report", max(requests / 5, 20)),
            ("GET /api/v1/report (a whole year)", "/api/v1/report?from=\(yearAgo)&to=\(today)", max(requests / 10, 5)),
            ("GET /api/v1/approvals.csv (every claim, streamed)", "/api/v1/approvals.csv", 3),
        ]
        for (name, path, count) in targets {
            let request = HTTPClientRequest(
                method: "GET", url: server.baseURL + path, headers: [("Cookie", cookie)], timeout: .seconds(120),
                maxResponseBytes: 1 << 30)
            let outcome = await generator.run(Array(repeating: request, count: count))
            lines.append(
                outcome.latencies.summary(name: name, elapsed: outcome.elapsed) + " statuses \(outcome.statuses)")
        }
        if let rss = server.peakRSSMegabytes { lines.append(String(format: "server peak RSS: %.1f MiB", rss)) }
        return lines
    }

    /// Seeds the workspace and a session; returns the Cookie header and one submission id.
    private func seed(masterKey: String) async throws -> (String, SubmissionID) {
        let storage = try await StorageFactory.open(
            database, sealer: AESGCMSecretSealer(keyring: try MasterKeyring(parsing: masterKey)), migrationURL: ownerURL
        )
        let randomness = SystemRandomness()
        let now = Date()
        let workspace = try await BenchWorkspace.create(in: storage, label: "dashboard-bench")
        let (owner, tenant, flow) = (workspace.owner, workspace.tenant, workspace.flow)
        var random = SplitMix64(seed: 7)
        let findings: [[Finding]] = [
            [Finding(.memoryKnownPattern, severity: .green, message: "Known", rule: "pattern")],
            [
                Finding(
                    .amountAboveNorm, severity: .yellow, message: "Above the usual",
                    evidence: Finding.Evidence().with { $0.median = Money(described: "20.00 SGD") }, rule: "3× median")
            ],
            [
                Finding(
                    .policyCapExceeded, severity: .red, message: "Over the cap",
                    evidence: Finding.Evidence().with { $0.cap = Money(described: "80.00 SGD") }, rule: "meals cap")
            ],
        ]
        var sample: SubmissionID?
        for batchStart in stride(from: 0, to: history, by: 1000) {
            let batch = (batchStart..<min(batchStart + 1000, history)).map { index in
                CheckBenchmark.submission(
                    tenant: tenant.id, flow: flow.id, instance: LarkIDs.stable(.uuid, "D\(index)"), random: &random,
                    at: now.addingTimeInterval(-Double(random.next() % 31_536_000)))
            }
            let picks = batch.map { _ in (Int(random.next() % 3), random.next() % 4) }
            sample = sample ?? batch.first?.id
            try await storage.withTenant(tenant.id) { scope in
                for (submission, pick) in zip(batch, picks) {
                    let approvals = scope.approvals
                    try await approvals.saveSubmission(submission)
                    try await approvals.saveCheck(
                        Check(
                            id: Identifier(UUID()), tenantID: tenant.id, submissionID: submission.id,
                            findings: findings[pick.0], checkedAt: submission.submittedAt.addingTimeInterval(2)))
                    try await approvals.saveCard(
                        CardMessage(
                            tenantID: tenant.id, submissionID: submission.id, approver: Self.approver,
                            messageID: LarkIDs.messageID(), taskID: LarkIDs.taskID(),
                            sentAt: submission.submittedAt.addingTimeInterval(30)))
                    try await approvals.appendAudit(
                        AuditEntry(
                            id: Identifier(UUID()), tenantID: tenant.id, submissionID: submission.id,
                            at: submission.submittedAt, actor: "lark", action: .received))
                    if pick.1 > 0 {
                        try await approvals.saveDecision(
                            Decision(
                                id: Identifier(UUID()), tenantID: tenant.id, submissionID: submission.id,
                                approver: Self.approver, outcome: pick.1 == 3 ? .reject : .approve,
                                decidedAt: submission.submittedAt.addingTimeInterval(600)))
                    }
                }
            }
        }
        let token = Base64URL.encode(randomness.bytes(32))
        try await storage.auth.insertSession(
            Session(
                idHash: Array(SHA256.hash(data: Data(token.utf8))), userID: owner.id, activeTenantID: tenant.id,
                createdAt: now, lastSeenAt: now))
        await storage.close()
        // Measured as a workspace in use, not straight after a bulk load: on Postgres the
        // report's index-only scans visit every row's heap page until autovacuum has set the
        // visibility map, which it does at some moment of the run (the year's report p99
        // 172–215 ms so, 47–52 ms vacuumed).
        try await StorageFactory.vacuum(database, ownerURL: ownerURL)
        return ("\(SessionAuthenticator.cookieName)=\(token)", sample!)
    }
}
