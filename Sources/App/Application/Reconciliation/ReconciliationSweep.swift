public import Domain
public import Foundation
import Logging
public import Ports

/// Recovers what Lark's pushes missed (Lark gives up after about 7 hours of retries). For every
/// monitored flow it looks at the instances created in the recent window and at every stored
/// claim still pending, and queues:
/// - new pending instances Kopi never saw, to be processed;
/// - known claims whose state drifted from Lark's — a final status, a later-level approver
///   without a card, a card whose approver no longer has a pending task — to be synchronised.
///
/// Several instances may share one Postgres: a named lease lets one of them sweep at a time.
public struct ReconciliationSweep: Sendable {
    let storage: any Storage
    let lark: any LarkGateway
    let runtime: Runtime
    /// How far back Lark's instance list is read; its own retries cover about 7 hours.
    public var window: TimeInterval = 24 * 3600
    /// How old a stored claim still pending may be and still be checked against Lark.
    public var pendingHorizon: TimeInterval = 30 * 86400
    /// This process, as the lease's owner.
    public var owner = UUID().uuidString
    public var leaseDuration: TimeInterval = 15 * 60

    public static let leaseName = "reconciliation-sweep"

    public struct Report: Hashable, Sendable {
        public var flows = 0
        public var listed = 0
        public var enqueued = 0
        public var resynced = 0
        public var failures = 0
        /// Another instance holds the sweep's lease.
        public var skipped = false

        public mutating func add(_ other: Report) {
            flows += other.flows
            listed += other.listed
            enqueued += other.enqueued
            resynced += other.resynced
            failures += other.failures
        }
    }

    public func runAll() async -> Report {
        let leases = storage.leases
        do {
            guard try await leases.acquire(Self.leaseName, owner: owner, for: leaseDuration, now: runtime.clock.now())
            else {
                return Report(skipped: true)
            }
        } catch {
            runtime.logger.warning("reconciliation lease unavailable", metadata: ["error": "\(error)"])
            return Report(failures: 1, skipped: true)
        }
        var total = Report()
        let tenants = (try? await storage.directory.allTenants()) ?? []
        for tenant in tenants { total.add(await run(tenant)) }
        try? await leases.release(Self.leaseName, owner: owner)
        return total
    }

    public func run(_ tenant: Tenant) async -> Report {
        var report = Report()
        let now = runtime.clock.now()
        let loaded = try? await storage.withTenant(tenant.id) { scope in
            (try await scope.tenant.larkApp(), try await scope.approvals.flows().filter(\.subscribed))
        }
        guard let (app, flows) = loaded, let app else { return report }
        for flow in flows {
            report.flows += 1
            do {
                let listed = try await lark.instanceCodes(
                    flow.approvalCode, from: now.addingTimeInterval(-window), to: now, app: app)
                report.listed += listed.count
                let pending = try await storage.withTenant(tenant.id) { [pendingHorizon] scope in
                    try await scope.approvals.submissions(
                        SubmissionQuery(
                            status: .pending, flowID: flow.id, submittedFrom: now.addingTimeInterval(-pendingHorizon),
                            limit: 500))
                }.map(\.instanceCode)
                var seen = Set<String>()
                for code in listed + pending where seen.insert(code).inserted {
                    switch try await drift(code, tenant: tenant.id, app: app) {
                    case .none: continue
                    case .unseen?:
                        if try await enqueue(.processInstance, code, tenant: tenant.id, now: now) {
                            report.enqueued += 1
                        }
                    case .drifted?:
                        if try await enqueue(.instanceStatusChanged, code, tenant: tenant.id, now: now) {
                            report.resynced += 1
                        }
                    }
                }
            } catch {
                report.failures += 1
                runtime.logger.warning(
                    "reconciliation failed",
                    metadata: [
                        "tenant_id": "\(tenant.id)", "approval_code": "\(flow.approvalCode)", "error": "\(error)",
                    ])
            }
        }
        return report
    }

    public enum Drift: Hashable, Sendable {
        /// A pending instance Kopi has no submission for.
        case unseen
        /// A known claim whose status or cards differ from Lark's.
        case drifted
    }

    /// What, if anything, Kopi has missed about one instance. A claim already final in Kopi is
    /// settled and costs no Lark call.
    public func drift(_ instanceCode: String, tenant: TenantID, app: LarkApp) async throws -> Drift? {
        let known = try await storage.withTenant(tenant) { scope -> (Submission, [CardMessage])? in
            guard let submission = try await scope.approvals.submission(instanceCode: instanceCode) else { return nil }
            return (submission, try await scope.approvals.cards(for: submission.id))
        }
        if let (submission, _) = known, submission.status.isFinal { return nil }
        let instance = try await lark.instance(instanceCode, app: app)
        guard let (submission, cards) = known else { return instance.submissionStatus == .pending ? .unseen : nil }
        if let status = instance.submissionStatus, status != submission.status { return .drifted }
        let pending = instance.pendingTasks
        let uncarded = pending.contains { task in !cards.contains { $0.approver == task.openID && $0.state != .final } }
        let stale = cards.contains { card in card.state == .open && !pending.contains { $0.openID == card.approver } }
        return uncarded || stale ? .drifted : nil
    }

    private func enqueue(_ kind: Job.Kind, _ instanceCode: String, tenant: TenantID, now: Date) async throws -> Bool {
        let job = Job(
            id: runtime.randomness.identifier(), tenantID: tenant, kind: kind, subject: instanceCode, runAt: now,
            createdAt: now)
        return try await storage.withTenant(tenant) { try await $0.scheduler.enqueue(job) }
    }
}
