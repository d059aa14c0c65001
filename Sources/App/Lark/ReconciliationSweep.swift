import Domain
import Foundation
import Logging
import Ports

/// Recovers events Lark gave up on: for every monitored flow, lists the instances created in the
/// recent window and queues each pending one Kopi has no submission for.
struct ReconciliationSweep: Sendable {
    let services: AppServices
    /// How far back to look; Lark's own retries cover about 7 hours.
    var window: TimeInterval = 24 * 3600

    struct Report: Hashable, Sendable {
        var flows = 0
        var listed = 0
        var enqueued = 0
        var failures = 0
    }

    func runAll() async -> Report {
        var total = Report()
        let tenants = (try? await services.storage.directory.allTenants()) ?? []
        for tenant in tenants {
            let report = await run(tenant)
            total.flows += report.flows
            total.listed += report.listed
            total.enqueued += report.enqueued
            total.failures += report.failures
        }
        return total
    }

    func run(_ tenant: Tenant) async -> Report {
        var report = Report()
        let now = services.clock.now()
        let loaded = try? await services.storage.withTenant(tenant.id) { scope in
            (try await scope.tenant.larkApp(), try await scope.approvals.flows().filter(\.subscribed))
        }
        guard let (app, flows) = loaded, let app else { return report }
        for flow in flows {
            report.flows += 1
            do {
                let codes = try await services.lark.instanceCodes(flow.approvalCode, from: now.addingTimeInterval(-window), to: now, app: app)
                report.listed += codes.count
                for code in codes where try await isUnseen(code, tenant: tenant.id) {
                    guard try await services.lark.instance(code, app: app).submissionStatus == .pending else { continue }
                    if try await enqueue(code, tenant: tenant.id, now: now) { report.enqueued += 1 }
                }
            } catch {
                report.failures += 1
                services.logger.warning("reconciliation failed", metadata: [
                    "tenant_id": "\(tenant.id)", "approval_code": "\(flow.approvalCode)", "error": "\(error)",
                ])
            }
        }
        return report
    }

    private func isUnseen(_ instanceCode: String, tenant: TenantID) async throws -> Bool {
        try await services.storage.withTenant(tenant) { try await $0.approvals.submission(instanceCode: instanceCode) == nil }
    }

    private func enqueue(_ instanceCode: String, tenant: TenantID, now: Date) async throws -> Bool {
        let job = Job(id: services.randomness.identifier(), tenantID: tenant, kind: .processInstance, subject: instanceCode, runAt: now, createdAt: now)
        return try await services.storage.withTenant(tenant) { try await $0.scheduler.enqueue(job) }
    }
}
