import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("ApprovalStore contract")
struct ApprovalStoreContract {
    @Test("Flows round-trip, are unique per approval code, and can be deleted", arguments: StoreKind.allCases)
    func flows(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            var flow = Fixtures.flow(tenant.id, code: LarkIDs.stable(.uuid, "code-1"))
            try await test.storage.withTenant(tenant.id) { [flow] scope async throws in
                try await scope.approvals.saveFlow(flow)
                #expect(try await scope.approvals.flow(flow.id) == flow)
                #expect(try await scope.approvals.flow(approvalCode: LarkIDs.stable(.uuid, "code-1")) == flow)
                let twin = Fixtures.flow(tenant.id, code: LarkIDs.stable(.uuid, "code-1"))
                await #expect(throws: StoreError.duplicate) { try await scope.approvals.saveFlow(twin) }
            }
            flow.mapping.category = "widget-category"
            flow.name = "Renamed"
            try await test.storage.withTenant(tenant.id) { [flow] scope async throws in
                try await scope.approvals.saveFlow(flow)
                #expect(try await scope.approvals.flows() == [flow])
                try await scope.approvals.deleteFlow(flow.id)
                #expect(try await scope.approvals.flows().isEmpty)
                await #expect(throws: StoreError.notFound) { try await scope.approvals.deleteFlow(flow.id) }
            }
        }
    }

    @Test(
        "An archived flow keeps its history: no longer listed or matched, and a flow with submissions is never deleted",
        arguments: StoreKind.allCases)
    func archivedFlowsKeepHistory(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let code = LarkIDs.stable(.uuid, "archived-flow")
            let flow = Fixtures.flow(tenant.id, code: code)
            let submission = Fixtures.submission(tenant.id, flow: flow.id, instance: LarkIDs.instanceCode())
            let entry = AuditEntry(
                id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: submission.id,
                at: Fixtures.time(1), actor: "system",
                action: .received)
            try await test.storage.withTenant(tenant.id) { scope in
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(submission)
                try await scope.approvals.appendAudit(entry)
            }
            await #expect(throws: StoreError.invalidReference) {
                try await test.storage.withTenant(tenant.id) { scope in try await scope.approvals.deleteFlow(flow.id) }
            }
            try await test.storage.withTenant(tenant.id) { scope in
                try await scope.approvals.archiveFlow(flow.id, at: Fixtures.time(9))
                #expect(try await scope.approvals.flows().isEmpty)
                #expect(try await scope.approvals.flow(approvalCode: code) == nil)
                #expect(
                    try await scope.approvals.flow(approvalCode: code, includingArchived: true)?.archivedAt
                        == Fixtures.time(9))
                #expect(try await scope.approvals.flows(includingArchived: true).map(\.id) == [flow.id])
                #expect(try await scope.approvals.submission(submission.id) == submission)
                #expect(try await scope.approvals.auditTrail(for: submission.id).map(\.id) == [entry.id])
                await #expect(throws: StoreError.notFound) {
                    try await scope.approvals.archiveFlow(Fixtures.randomness.identifier(), at: Fixtures.time(9))
                }
            }
        }
    }

    @Test(
        "The audit trail keeps the order entries were written in, whatever their timestamps",
        arguments: StoreKind.allCases)
    func auditOrder(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            let submission = Fixtures.submission(tenant.id, flow: flow.id, instance: LarkIDs.instanceCode())
            // Written in this order, all in the same millisecond and with descending ids.
            let actions: [AuditEntry.Action] = [.received, .read, .checked, .cardSent]
            let ids = (0..<actions.count).map {
                Identifier<AuditEntry>(UUID(uuidString: "00000000-0000-4000-8000-00000000000\(9 - $0)")!)
            }
            try await test.storage.withTenant(tenant.id) { scope in
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(submission)
                for (index, action) in actions.enumerated() {
                    try await scope.approvals.appendAudit(
                        AuditEntry(
                            id: ids[index], tenantID: tenant.id, submissionID: submission.id, at: Fixtures.time(3),
                            actor: "system", action: action))
                }
            }
            let trail = try await test.storage.withTenant(tenant.id) {
                try await $0.approvals.auditTrail(for: submission.id)
            }
            #expect(trail.map(\.action) == actions)
            #expect(
                trail.compactMap(\.sequence) == trail.compactMap(\.sequence).sorted()
                    && Set(trail.compactMap(\.sequence)).count == 4)
        }
    }

    @Test("Submissions round-trip, are unique per instance code, and need a known flow", arguments: StoreKind.allCases)
    func submissions(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            let code = LarkIDs.instanceCode()
            var submission = Fixtures.submission(tenant.id, flow: flow.id, instance: code)
            try await test.storage.withTenant(tenant.id) { [submission] scope async throws in
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(submission)
                #expect(try await scope.approvals.submission(submission.id) == submission)
                #expect(try await scope.approvals.submission(instanceCode: code) == submission)
            }
            // A write that only records may report its failure at its call or at the commit
            // (Postgres sends it with the next statement): either way nothing of the transaction stays.
            let twin = Fixtures.submission(tenant.id, flow: flow.id, instance: code)
            let unrelated = Fixtures.submission(tenant.id, flow: flow.id)
            await #expect(throws: StoreError.duplicate) {
                try await test.storage.withTenant(tenant.id) { scope in
                    try await scope.approvals.saveSubmission(unrelated)
                    try await scope.approvals.saveSubmission(twin)
                }
            }
            try await test.storage.withTenant(tenant.id) { [submission] scope async throws in
                #expect(try await scope.approvals.submission(instanceCode: code) == submission)
                #expect(try await scope.approvals.submission(unrelated.id) == nil, "rolled back with the duplicate")
            }
            await #expect(throws: StoreError.invalidReference) {
                try await test.storage.withTenant(tenant.id) {
                    try await $0.approvals.saveSubmission(
                        Fixtures.submission(tenant.id, flow: Fixtures.randomness.identifier()))
                }
            }
            submission.status = .approved
            submission.updatedAt = Fixtures.time(99)
            let stored = try await test.storage.withTenant(tenant.id) { [submission] scope async throws in
                try await scope.approvals.saveSubmission(submission)
                return try await scope.approvals.submission(submission.id)
            }
            #expect(stored == submission)
        }
    }

    @Test("Listing filters by status, verdict, flow and time, newest first, with paging", arguments: StoreKind.allCases)
    func listing(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            let submissions = (0..<5).map {
                Fixtures.submission(
                    tenant.id, flow: flow.id, at: Double($0) * 60, status: $0 == 4 ? .approved : .pending)
            }
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.approvals.saveFlow(flow)
                for submission in submissions { try await scope.approvals.saveSubmission(submission) }
                let red = Finding(.policyProhibitedVendor, severity: .red, message: "Prohibited vendor.")
                try await scope.approvals.saveCheck(
                    Check(
                        id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: submissions[1].id,
                        findings: [red], checkedAt: Fixtures.time(500)))

                let ids = { (query: SubmissionQuery) in try await scope.approvals.submissions(query).map(\.id) }
                #expect(try await ids(SubmissionQuery()) == submissions.reversed().map(\.id))
                #expect(try await ids(SubmissionQuery(status: .approved)) == [submissions[4].id])
                #expect(try await ids(SubmissionQuery(verdict: .red)) == [submissions[1].id])
                #expect(
                    try await ids(SubmissionQuery(flowID: flow.id, limit: 2, offset: 1)) == [
                        submissions[3].id, submissions[2].id,
                    ])
                #expect(
                    try await ids(
                        SubmissionQuery(submittedFrom: Fixtures.time(60), submittedBefore: Fixtures.time(180))) == [
                            submissions[2].id, submissions[1].id,
                        ])
                #expect(
                    try await ids(SubmissionQuery(vendorKey: "grab", limit: 2)) == [
                        submissions[4].id, submissions[3].id,
                    ])
                #expect(try await ids(SubmissionQuery(vendorKey: "nobody")).isEmpty)
            }
        }
    }

    @Test("Amount history is per currency and category or vendor, newest first", arguments: StoreKind.allCases)
    func amountHistory(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(
                    Fixtures.submission(
                        tenant.id, flow: flow.id, amount: "10", vendor: "Grab", category: "transport", at: 0))
                try await scope.approvals.saveSubmission(
                    Fixtures.submission(
                        tenant.id, flow: flow.id, amount: "20", vendor: "Gojek", category: "transport", at: 60))
                let latest = Fixtures.submission(
                    tenant.id, flow: flow.id, amount: "30", vendor: "Grab", category: "meals", at: 120)
                try await scope.approvals.saveSubmission(latest)
                #expect(
                    try await scope.approvals.amountHistory(
                        category: nil, vendorKey: "grab", currency: Fixtures.sgd, excluding: latest.id, limit: 10) == [
                            1000
                        ])
                #expect(
                    try await scope.approvals.amountHistory(
                        category: "transport", vendorKey: nil, currency: Fixtures.sgd, excluding: nil, limit: 10) == [
                            2000, 1000,
                        ])
                #expect(
                    try await scope.approvals.amountHistory(
                        category: nil, vendorKey: "grab", currency: Fixtures.sgd, excluding: nil, limit: 10) == [
                            3000, 1000,
                        ])
                #expect(
                    try await scope.approvals.amountHistory(
                        category: "transport", vendorKey: nil, currency: CurrencyCode("USD")!, excluding: nil, limit: 10
                    ).isEmpty)
                #expect(
                    try await scope.approvals.amountHistory(
                        category: "transport", vendorKey: nil, currency: Fixtures.sgd, excluding: nil, limit: 1) == [
                            2000
                        ])

                // Listing by claimed total: the currency and both ends of the range count.
                let totals = { (range: ClosedRange<Int64>, currency: CurrencyCode) in
                    try await scope.approvals.submissions(
                        SubmissionQuery(claimedTotal: TotalRange(currency: currency, minorUnits: range))
                    ).compactMap { $0.claimedTotal?.minorUnits }
                }
                #expect(try await totals(1000...2000, Fixtures.sgd) == [2000, 1000])
                #expect(try await totals(1001...2999, Fixtures.sgd) == [2000])
                #expect(try await totals(1000...3000, CurrencyCode("USD")!).isEmpty)
                #expect(
                    try await scope.approvals.submissions(
                        SubmissionQuery(
                            vendorKey: "grab", claimedTotal: TotalRange(currency: Fixtures.sgd, minorUnits: 0...5000))
                    ).map(\.id) == [latest.id, try await scope.approvals.submissions(SubmissionQuery()).last!.id])
            }
        }
    }

    @Test("Extractions, checks, decisions, cards and audit entries round-trip", arguments: StoreKind.allCases)
    func findings(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            let first = Fixtures.submission(tenant.id, flow: flow.id)
            let second = Fixtures.submission(tenant.id, flow: flow.id)
            let extraction = InvoiceExtraction(
                contentHash: "9f86d081", vendor: "Grab Pte Ltd", vendorTaxID: "201222222K", invoiceNumber: "inv-001",
                invoiceDate: Fixtures.time(0), currency: Fixtures.sgd, subtotal: Fixtures.money("110"),
                tax: Fixtures.money("10.50"),
                total: Fixtures.money("120.50"),
                lineItems: [ExtractedLine(description: "Ride", amount: Fixtures.money("120.50"))],
                suggestedCategory: "transport")
            let findings = [
                Finding(
                    .amountAboveNorm, severity: .yellow, message: "Three times the usual.",
                    evidence: Finding.Evidence().with {
                        $0.median = Money(minorUnits: 4000, currency: CurrencyCode("SGD")!)
                    }, rule: "anomaly x3"),
                Finding(.memoryKnownPattern, severity: .green, message: "Approved 4 times."),
            ]
            let check = Check(
                id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: first.id, findings: findings,
                checkedAt: Fixtures.time(5))
            let decision = Decision(
                id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: first.id,
                approver: Fixtures.approver, outcome: .approve, decidedAt: Fixtures.time(9))
            let card = CardMessage(
                tenantID: tenant.id, submissionID: first.id, approver: Fixtures.approver,
                messageID: LarkIDs.messageID(), taskID: LarkIDs.taskID(), sentAt: Fixtures.time(6))
            let audit = [
                AuditEntry(
                    id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: first.id,
                    at: Fixtures.time(1), actor: "system", action: .received, detail: ["event_id": "e1"]),
                AuditEntry(
                    id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: first.id,
                    at: Fixtures.time(5), actor: "system", action: .checked),
            ]
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(first)
                try await scope.approvals.saveSubmission(second)
                try await scope.approvals.saveExtraction(extraction, for: first.id)
                try await scope.approvals.saveCheck(check)
                try await scope.approvals.saveDecision(decision)
                try await scope.approvals.saveCard(card)
                for entry in audit.reversed() { try await scope.approvals.appendAudit(entry) }

                #expect(try await scope.approvals.extractions(for: first.id) == [extraction])
                #expect(try await scope.approvals.latestCheck(for: first.id) == check)
                #expect(try await scope.approvals.latestCheck(for: first.id)?.verdict == .yellow)
                #expect(try await scope.approvals.decisions(for: first.id) == [decision])
                #expect(try await scope.approvals.cards(for: first.id) == [card])
                let trail = try await scope.approvals.auditTrail(for: first.id)
                #expect(
                    trail.map { entry in
                        var plain = entry
                        plain.sequence = nil
                        return plain
                    } == audit.reversed())
                #expect(trail.allSatisfy { $0.sequence != nil }, "the store numbers every entry")
                let holder = InvoiceHolder(submissionID: first.id, instanceCode: first.instanceCode)
                #expect(
                    try await scope.approvals.submissionsWithInvoice(
                        contentHash: "9f86d081", invoiceKey: nil, excluding: second.id, limit: 10) == [holder])
                #expect(
                    try await scope.approvals.submissionsWithInvoice(
                        contentHash: nil, invoiceKey: extraction.invoiceKey, excluding: second.id, limit: 10)
                        == [holder])
                #expect(
                    try await scope.approvals.submissionsWithInvoice(
                        contentHash: "9f86d081", invoiceKey: nil, excluding: first.id, limit: 10
                    ).isEmpty)
                // Many holders of one file: the lowest ids first, never more than the limit.
                var holders = [holder]
                for _ in 0..<4 {
                    let other = Fixtures.submission(tenant.id, flow: flow.id)
                    try await scope.approvals.saveSubmission(other)
                    try await scope.approvals.saveExtraction(extraction, for: other.id)
                    holders.append(InvoiceHolder(submissionID: other.id, instanceCode: other.instanceCode))
                }
                holders.sort { $0.submissionID < $1.submissionID }
                #expect(
                    try await scope.approvals.submissionsWithInvoice(
                        contentHash: "9f86d081", invoiceKey: nil, excluding: second.id, limit: 3)
                        == Array(holders.prefix(3)))
                // By file and number at once: each holder once, still in id order and limited.
                var otherFile = InvoiceExtraction(
                    contentHash: "5feceb66", vendor: "Grab Pte Ltd", invoiceNumber: "INV-001")
                otherFile.total = extraction.total
                let renamed = Fixtures.submission(tenant.id, flow: flow.id)
                try await scope.approvals.saveSubmission(renamed)
                try await scope.approvals.saveExtraction(otherFile, for: renamed.id)
                holders.append(InvoiceHolder(submissionID: renamed.id, instanceCode: renamed.instanceCode))
                holders.sort { $0.submissionID < $1.submissionID }
                #expect(
                    try await scope.approvals.submissionsWithInvoice(
                        contentHash: "9f86d081", invoiceKey: extraction.invoiceKey, excluding: second.id, limit: 10)
                        == holders)
                #expect(
                    try await scope.approvals.submissionsWithInvoice(
                        contentHash: "9f86d081", invoiceKey: nil, excluding: second.id, limit: 10)
                        == holders.filter { $0.submissionID != renamed.id })
                #expect(
                    try await scope.approvals.submissionsWithInvoice(
                        contentHash: nil, invoiceKey: nil, excluding: second.id, limit: 10
                    ).isEmpty)
                #expect(
                    try await scope.approvals.extraction(contentHash: "9f86d081") == extraction,
                    "reusable from any submission")
                #expect(try await scope.approvals.extraction(contentHash: "0000") == nil)

                // A card moves through its lifecycle, and a later task of the same approver replaces it.
                var acting = card
                acting.state = .acting
                try await scope.approvals.updateCard(acting)
                #expect(try await scope.approvals.cards(for: first.id) == [acting])
                var later = acting
                later.messageID = LarkIDs.messageID()
                later.taskID = LarkIDs.taskID()
                later.state = .open
                later.sentAt = Fixtures.time(60)
                try await scope.approvals.updateCard(later)
                #expect(try await scope.approvals.cards(for: first.id) == [later])
                let stranger = CardMessage(
                    tenantID: tenant.id, submissionID: second.id, approver: LarkIDs.openID(),
                    messageID: LarkIDs.messageID(), taskID: LarkIDs.taskID(),
                    sentAt: Fixtures.time(6))
                await #expect(throws: StoreError.notFound) { try await scope.approvals.updateCard(stranger) }
            }
            let audited = try await test.storage.withTenant(tenant.id) {
                try await $0.approvals.auditTrail(for: first.id)
            }
            await #expect(throws: StoreError.duplicate, "one card per approver; the transaction fails with it") {
                try await test.storage.withTenant(tenant.id) { scope in
                    try await scope.approvals.appendAudit(
                        AuditEntry(
                            id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: first.id,
                            at: Fixtures.time(70), actor: "system", action: .cardSent))
                    try await scope.approvals.saveCard(card)
                }
            }
            #expect(
                try await test.storage.withTenant(tenant.id) { try await $0.approvals.auditTrail(for: first.id) }
                    == audited, "the audit entry written beside it did not stay")
        }
    }

    @Test(
        "Purging history deletes decided claims submitted before the cutoff with everything about them, and old workspace audit entries; pending claims, recent history and other workspaces stay",
        arguments: StoreKind.allCases)
    func purgeHistory(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let day = 86400.0
            func seed(_ tenantID: TenantID) async throws -> [Submission] {
                let flow = Fixtures.flow(tenantID)
                let claims = [
                    Fixtures.submission(tenantID, flow: flow.id, at: 0, status: .approved),
                    Fixtures.submission(tenantID, flow: flow.id, at: day, status: .rejected),
                    Fixtures.submission(tenantID, flow: flow.id, at: 2 * day, status: .pending),
                    Fixtures.submission(tenantID, flow: flow.id, at: 40 * day, status: .approved),
                ]
                try await test.storage.withTenant(tenantID) { scope async throws in
                    try await scope.approvals.saveFlow(flow)
                    for claim in claims {
                        try await scope.approvals.saveSubmission(claim)
                        try await scope.approvals.saveCheck(
                            Check(
                                id: Fixtures.randomness.identifier(), tenantID: tenantID, submissionID: claim.id,
                                findings: [Finding(.amountAboveNorm, severity: .yellow, message: "High.")],
                                checkedAt: claim.submittedAt))
                        try await scope.approvals.saveDecision(
                            Decision(
                                id: Fixtures.randomness.identifier(), tenantID: tenantID, submissionID: claim.id,
                                approver: Fixtures.approver, outcome: .approve, decidedAt: claim.submittedAt))
                        try await scope.approvals.saveCard(
                            CardMessage(
                                tenantID: tenantID, submissionID: claim.id, approver: Fixtures.approver,
                                messageID: LarkIDs.messageID(), taskID: LarkIDs.taskID(), sentAt: claim.submittedAt))
                        try await scope.approvals.appendAudit(
                            AuditEntry(
                                id: Fixtures.randomness.identifier(), tenantID: tenantID, submissionID: claim.id,
                                at: claim.submittedAt, actor: "system", action: .received))
                    }
                    for at in [day, 40 * day] {
                        try await scope.approvals.appendAudit(
                            AuditEntry(
                                id: Fixtures.randomness.identifier(), tenantID: tenantID, submissionID: nil,
                                at: Fixtures.time(at), actor: "admin@acme.example", action: .policyChanged))
                    }
                }
                return claims
            }
            let claims = try await seed(tenant.id)
            let others = try await seed(other.id)

            let purged = try await test.storage.withTenant(tenant.id) {
                try await $0.approvals.purgeHistory(before: Fixtures.time(30 * day))
            }
            #expect(purged == HistoryPurge(submissions: 2, workspaceAuditEntries: 1))
            try await test.storage.withTenant(tenant.id) { scope async throws in
                for (index, claim) in claims.enumerated() {
                    let kept = index >= 2
                    #expect((try await scope.approvals.submission(claim.id) != nil) == kept)
                    #expect((try await scope.approvals.latestCheck(for: claim.id) != nil) == kept)
                    #expect(try await scope.approvals.decisions(for: claim.id).count == (kept ? 1 : 0))
                    #expect(try await scope.approvals.cards(for: claim.id).count == (kept ? 1 : 0))
                    #expect(try await scope.approvals.auditTrail(for: claim.id).count == (kept ? 1 : 0))
                }
                let figures = try await scope.approvals.reportFigures(
                    from: Fixtures.time(-day), to: Fixtures.time(50 * day), dayStarts: [])
                #expect(figures.submissions == 2, "the report no longer counts what was purged")
            }
            try await test.storage.withTenant(other.id) { scope async throws in
                for claim in others { #expect(try await scope.approvals.submission(claim.id) != nil) }
            }
            #expect(
                try await test.storage.withTenant(tenant.id) {
                    try await $0.approvals.purgeHistory(before: Fixtures.time(30 * day))
                } == HistoryPurge())
        }
    }
}
