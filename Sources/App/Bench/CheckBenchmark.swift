import Application
import Domain
import Fakes
import Foundation
import Ports

/// The check engine against a tenant with a large history: time per submission for the engine
/// alone (pure, in memory) and for gathering its facts from storage plus the engine.
struct CheckBenchmark {
    let storage: any Storage
    let history: Int
    let patterns: Int
    let submissions: Int
    /// Run once the history is in: brings the database to the state autovacuum keeps it in.
    let afterSeeding: @Sendable () async throws -> Void

    static let vendors = 2000
    static let categories = [
        "transport", "meals", "lodging", "flights", "office", "software", "training", "client", "phone", "parking",
        "fuel", "postage", "printing", "events", "gifts", "books", "hardware", "rent", "utilities", "misc",
    ]
    static let sgd = CurrencyCode("SGD")!

    func run() async throws -> [String] {
        var random = SplitMix64(seed: 42)
        let now = Date()
        let randomness = SystemRandomness()
        let workspace = try await BenchWorkspace.create(in: storage, label: "check-bench")
        let (tenant, flow) = (workspace.tenant, workspace.flow)

        let seedStart = ContinuousClock.now
        for batchStart in stride(from: 0, to: history, by: 2000) {
            let batch = (batchStart..<min(batchStart + 2000, history)).map { index in
                Self.submission(
                    tenant: tenant.id, flow: flow.id, instance: LarkIDs.stable(.uuid, "H\(index)"), random: &random,
                    at: now.addingTimeInterval(-Double(random.next() % 31_536_000)))
            }
            try await storage.withTenant(tenant.id) { scope in
                for submission in batch { try await scope.approvals.saveSubmission(submission) }
            }
        }
        var learned: [LearnedPattern] = []
        var seen = Set<String>()
        while learned.count < patterns {
            let vendor = "vendor \(random.next() % UInt64(Self.vendors))"
            let category = Self.categories[Int(random.next() % UInt64(Self.categories.count))]
            guard seen.insert(vendor + "|" + category).inserted else { continue }
            let low = Int64(random.next() % 10_000) + 500
            learned.append(
                LearnedPattern(
                    id: randomness.identifier(), tenantID: tenant.id, vendorKey: vendor, category: category,
                    currency: Self.sgd,
                    lowerBound: low, upperBound: low * 3, approvals: Int(random.next() % 9) + 1,
                    rejections: Int(random.next() % 3), lastDecidedAt: now))
        }
        for batchStart in stride(from: 0, to: learned.count, by: 2000) {
            let batch = Array(learned[batchStart..<min(batchStart + 2000, learned.count)])
            try await storage.withTenant(tenant.id) { scope in
                for pattern in batch { try await scope.patterns.save(pattern) }
            }
        }
        let seeded = ContinuousClock.now - seedStart
        try await afterSeeding()

        var engineOnly = LatencyRecorder()
        var gatherAndEngine = LatencyRecorder()
        var verdicts: [Verdict: Int] = [:]
        let loader = CheckInputLoader()
        let engine = CheckEngine()
        let measureStart = ContinuousClock.now
        for index in 0..<submissions {
            let submission = Self.submission(
                tenant: tenant.id, flow: flow.id, instance: LarkIDs.stable(.uuid, "N\(index)"), random: &random, at: now
            )
            let began = ContinuousClock.now
            let input = try await storage.withTenant(tenant.id) { scope in
                try await scope.approvals.saveSubmission(submission)
                return try await loader.load(submission, extractions: [], scope: scope, now: now)
            }
            let engineBegan = ContinuousClock.now
            let findings = engine.findings(for: input)
            let ended = ContinuousClock.now
            engineOnly.record(ended - engineBegan)
            gatherAndEngine.record(ended - began)
            verdicts[Verdict.worst(of: findings.map(\.severity)), default: 0] += 1
        }
        let measured = ContinuousClock.now - measureStart
        return [
            String(
                format: "seeded %d submissions and %d patterns in %.1f s", history, learned.count, Self.seconds(seeded)),
            engineOnly.latencySummary(name: "check engine only (pure, in memory)"),
            gatherAndEngine.summary(name: "save + gather facts + check", elapsed: measured),
            "verdicts: \(verdicts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))",
        ]
    }

    static func submission(tenant: TenantID, flow: FlowID, instance: String, random: inout SplitMix64, at date: Date)
        -> Submission
    {
        let vendor = "Vendor \(random.next() % UInt64(vendors))"
        let category = categories[Int(random.next() % UInt64(categories.count))]
        let amount = Int64(random.next() % 40_000) + 500
        return Submission(
            id: Identifier(UUID()), tenantID: tenant, flowID: flow, instanceCode: instance,
            applicant: LarkIDs.stable(.openID, "bench-applicant"), status: .approved,
            lineItems: [
                LineItem(
                    amount: Money(minorUnits: amount, currency: sgd), date: date, category: category, vendor: vendor)
            ],
            attachments: [
                AttachmentFacts(fileName: "r.pdf", mediaType: .pdf, size: 1, contentHash: nil, outcome: .read)
            ],
            submittedAt: date, updatedAt: date)
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.timeInterval
    }
}
