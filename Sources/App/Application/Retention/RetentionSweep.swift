import Domain
public import Foundation
import Logging
public import Ports

/// Deletes what Kopi no longer needs: inbox events once Lark can no longer redeliver them (it
/// retries for about 7.5 hours; the dedup is kept for ``inboxRetention``), jobs that finished
/// ``finishedJobRetention`` ago (dead jobs are kept: they are the dead letters), and expired
/// sessions, OAuth states and magic links (links are kept a day for the sign-in limits). A
/// workspace that keeps its history for a limited time (``PolicySettings/retentionDays``) loses
/// the decided claims and audit entries older than that; by default history is kept forever.
///
/// Several instances may share one Postgres: a named lease lets one of them purge at a time.
/// Each workspace's inbox is purged in its own transaction, under its row-level security.
public struct RetentionSweep: Sendable {
    let storage: any Storage
    let runtime: Runtime
    public var inboxRetention: TimeInterval = 3 * 86400
    public var finishedJobRetention: TimeInterval = 7 * 86400
    public var linkRetention: TimeInterval = 86400
    /// This process, as the lease's owner.
    public var owner = UUID().uuidString
    public var leaseDuration: TimeInterval = 15 * 60

    public static let leaseName = "retention-purge"

    public init(storage: any Storage, runtime: Runtime) {
        self.storage = storage
        self.runtime = runtime
    }

    public struct Report: Hashable, Sendable {
        public var inboxEvents = 0
        /// Decided claims older than their workspace's retention, with everything about them.
        public var submissions = 0
        /// Workspace audit entries older than their workspace's retention.
        public var auditEntries = 0
        public var jobs = 0
        /// Expired sessions, OAuth states, old sign-in links and ended rate-limit windows.
        public var signIns = 0
        public var failures = 0
        /// Another instance holds the purge's lease.
        public var skipped = false
    }

    public func run() async -> Report {
        let now = runtime.clock.now()
        do {
            guard try await storage.leases.acquire(Self.leaseName, owner: owner, for: leaseDuration, now: now) else {
                return Report(skipped: true)
            }
        } catch {
            runtime.logger.warning("retention lease unavailable", metadata: ["error": "\(error)"])
            return Report(failures: 1, skipped: true)
        }
        var report = Report()
        do {
            for tenant in try await storage.directory.allTenants() {
                do {
                    let (events, history) = try await storage.withTenant(tenant.id) { [inboxRetention] scope in
                        let events = try await scope.inbox.purge(
                            receivedBefore: now.addingTimeInterval(-inboxRetention))
                        guard let cutoff = try await scope.tenant.policy().retentionCutoff(now: now) else {
                            return (events, HistoryPurge())
                        }
                        return (events, try await scope.approvals.purgeHistory(before: cutoff))
                    }
                    report.inboxEvents += events
                    report.submissions += history.submissions
                    report.auditEntries += history.workspaceAuditEntries
                } catch {
                    report.failures += 1
                    runtime.logger.warning(
                        "retention of a workspace failed", metadata: ["tenant_id": "\(tenant.id)", "error": "\(error)"])
                }
            }
        } catch {
            report.failures += 1
            runtime.logger.warning("retention could not list workspaces", metadata: ["error": "\(error)"])
        }
        do {
            report.jobs = try await storage.jobs.purge(finishedBefore: now.addingTimeInterval(-finishedJobRetention))
        } catch {
            report.failures += 1
            runtime.logger.warning("retention of finished jobs failed", metadata: ["error": "\(error)"])
        }
        do {
            report.signIns = try await storage.auth.purgeExpired(
                now: now, linksCreatedBefore: now.addingTimeInterval(-linkRetention))
            report.signIns += try await storage.rateLimits.purge(endedBefore: now)
        } catch {
            report.failures += 1
            runtime.logger.warning("retention of sign-in material failed", metadata: ["error": "\(error)"])
        }
        try? await storage.leases.release(Self.leaseName, owner: owner)
        return report
    }
}
