import Domain
import Fakes
import Foundation
import Ports
import Testing

/// Tenant B can never read, list, update or delete tenant A's rows through any port.
@Suite("Tenant isolation contract")
struct TenantIsolationContract {
    struct Seeded: Sendable {
        let a: Tenant
        let b: Tenant
        let flow: MonitoredFlow
        let submission: Submission
        let pattern: LearnedPattern
        let job: Job
        let ownerA: User
    }

    static func seed(_ storage: any Storage) async throws -> Seeded {
        let (a, ownerA) = try await Fixtures.workspace(in: storage, name: "A")
        let (b, _) = try await Fixtures.workspace(in: storage, name: "B")
        let flow = Fixtures.flow(a.id, code: LarkIDs.stable(.uuid, "shared-code"))
        let submission = Fixtures.submission(a.id, flow: flow.id, instance: LarkIDs.stable(.uuid, "shared-instance"))
        let pattern = PatternMemoryContract.pattern(a.id)
        let job = Fixtures.job(a.id)
        try await storage.withTenant(a.id) { scope async throws in
            try await scope.tenant.saveLarkConnection(Fixtures.connection(a.id))
            try await scope.tenant.savePolicy(PolicySettings(submissionWindowDays: 30))
            try await scope.approvals.saveFlow(flow)
            try await scope.approvals.saveSubmission(submission)
            try await scope.approvals.saveExtraction(
                InvoiceExtraction(contentHash: "hash-a", invoiceNumber: "N1"), for: submission.id)
            try await scope.approvals.saveCheck(
                Check(
                    id: Fixtures.randomness.identifier(), tenantID: a.id, submissionID: submission.id, findings: [],
                    checkedAt: Fixtures.epoch))
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: Fixtures.randomness.identifier(), tenantID: a.id, submissionID: submission.id,
                    at: Fixtures.epoch, actor: "system", action: .received))
            try await scope.patterns.save(pattern)
            _ = try await scope.inbox.insertIfAbsent(
                InboxEvent(
                    tenantID: a.id, eventID: LarkIDs.stable(.eventID, "evt-a"), type: "approval_instance",
                    receivedAt: Fixtures.epoch))
            _ = try await scope.scheduler.enqueue(job)
        }
        return Seeded(a: a, b: b, flow: flow, submission: submission, pattern: pattern, job: job, ownerA: ownerA)
    }

    @Test("Tenant B reads and lists none of A's rows", arguments: StoreKind.allCases)
    func reads(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let s = try await Self.seed(test.storage)
            try await test.storage.withTenant(s.b.id) { scope async throws in
                #expect(try await scope.tenant.tenant().id == s.b.id)
                #expect(try await scope.tenant.larkConnection() == nil)
                #expect(try await scope.tenant.policy() == .defaults)
                #expect(try await scope.members.member(s.ownerA.id) == nil)
                #expect(try await scope.members.list().allSatisfy { $0.tenantID == s.b.id })
                #expect(try await scope.approvals.flow(s.flow.id) == nil)
                #expect(try await scope.approvals.flow(approvalCode: LarkIDs.stable(.uuid, "shared-code")) == nil)
                #expect(try await scope.approvals.flows().isEmpty)
                #expect(try await scope.approvals.submission(s.submission.id) == nil)
                #expect(
                    try await scope.approvals.submission(instanceCode: LarkIDs.stable(.uuid, "shared-instance")) == nil)
                #expect(try await scope.approvals.submissions(SubmissionQuery()).isEmpty)
                #expect(
                    try await scope.approvals.amountHistory(
                        category: "transport", vendorKey: nil, currency: Fixtures.sgd, excluding: nil, limit: 10
                    ).isEmpty)
                #expect(try await scope.approvals.extractions(for: s.submission.id).isEmpty)
                #expect(
                    try await scope.approvals.submissionsWithInvoice(
                        contentHash: "hash-a", invoiceKey: nil, excluding: Fixtures.randomness.identifier(), limit: 10
                    ).isEmpty)
                #expect(try await scope.approvals.latestCheck(for: s.submission.id) == nil)
                #expect(try await scope.approvals.auditTrail(for: s.submission.id).isEmpty)
                #expect(try await scope.patterns.pattern(s.pattern.id) == nil)
                #expect(
                    try await scope.patterns.pattern(vendorKey: "grab", category: "transport", currency: Fixtures.sgd)
                        == nil)
                #expect(try await scope.patterns.list(limit: 100, offset: 0).isEmpty)
                #expect(try await scope.inbox.event(id: LarkIDs.stable(.eventID, "evt-a")) == nil)
                #expect(try await scope.scheduler.job(s.job.id) == nil)
                #expect(try await scope.scheduler.jobs(in: .queued, limit: 100).isEmpty)
            }
        }
    }

    @Test("Tenant B updates and deletes none of A's rows", arguments: StoreKind.allCases)
    func writes(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let s = try await Self.seed(test.storage)
            try await test.storage.withTenant(s.b.id) { scope async throws in
                await #expect(throws: StoreError.notFound) { try await scope.approvals.deleteFlow(s.flow.id) }
                await #expect(throws: StoreError.notFound) { try await scope.patterns.delete(s.pattern.id) }
                await #expect(throws: StoreError.notFound) { try await scope.members.remove(s.ownerA.id) }
                await #expect(throws: StoreError.notFound) {
                    try await scope.members.updateRole(of: s.ownerA.id, to: .viewer)
                }
                _ = try await scope.inbox.purge(receivedBefore: .distantFuture)
                try await scope.tenant.deleteLarkConnection()
                // A's rows presented through B's scope are refused outright.
                await #expect(throws: StoreError.tenantMismatch) { try await scope.approvals.saveFlow(s.flow) }
                await #expect(throws: StoreError.tenantMismatch) {
                    try await scope.approvals.saveSubmission(s.submission)
                }
                await #expect(throws: StoreError.tenantMismatch) { try await scope.patterns.save(s.pattern) }
                await #expect(throws: StoreError.tenantMismatch) { try await scope.tenant.update(s.a) }
                await #expect(throws: StoreError.tenantMismatch) {
                    try await scope.tenant.saveLarkConnection(Fixtures.connection(s.a.id))
                }
                await #expect(throws: StoreError.tenantMismatch) {
                    _ = try await scope.inbox.insertIfAbsent(
                        InboxEvent(
                            tenantID: s.a.id, eventID: LarkIDs.stable(.eventID, "x"), type: "t",
                            receivedAt: Fixtures.epoch))
                }
                await #expect(throws: StoreError.tenantMismatch) {
                    _ = try await scope.scheduler.enqueue(Fixtures.job(s.a.id))
                }
            }
            // B saving its own submission against A's flow id finds no such flow.
            await #expect(throws: StoreError.invalidReference) {
                try await test.storage.withTenant(s.b.id) {
                    try await $0.approvals.saveSubmission(Fixtures.submission(s.b.id, flow: s.flow.id))
                }
            }
            try await test.storage.withTenant(s.a.id) { scope async throws in
                #expect(try await scope.approvals.flow(s.flow.id) == s.flow)
                #expect(try await scope.patterns.pattern(s.pattern.id) == s.pattern)
                #expect(try await scope.members.member(s.ownerA.id)?.role == .admin)
                #expect(try await scope.inbox.event(id: LarkIDs.stable(.eventID, "evt-a")) != nil)
                #expect(try await scope.tenant.larkConnection() != nil)
            }
        }
    }

    @Test("The same natural keys can exist in two tenants without colliding", arguments: StoreKind.allCases)
    func perTenantKeys(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let s = try await Self.seed(test.storage)
            try await test.storage.withTenant(s.b.id) { scope async throws in
                let flow = Fixtures.flow(s.b.id, code: LarkIDs.stable(.uuid, "shared-code"))
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(
                    Fixtures.submission(s.b.id, flow: flow.id, instance: LarkIDs.stable(.uuid, "shared-instance")))
                try await scope.patterns.save(PatternMemoryContract.pattern(s.b.id))
                #expect(
                    try await scope.inbox.insertIfAbsent(
                        InboxEvent(
                            tenantID: s.b.id, eventID: LarkIDs.stable(.eventID, "evt-a"), type: "approval_instance",
                            receivedAt: Fixtures.epoch)))
            }
        }
    }
}
