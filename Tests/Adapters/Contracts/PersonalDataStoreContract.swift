import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("PersonalDataStore contract")
struct PersonalDataStoreContract {
    static let pseudonym = Pseudonym(randomBytes: Fixtures.randomness.bytes(8))!

    /// A claim by `applicant`, read, checked, decided by `approver`, carded and tapped, with audit
    /// entries naming both.
    static func claim(
        _ storage: any Storage, tenant: TenantID, flow: FlowID, applicant: String, approver: String, at seconds: Double
    ) async throws -> Submission {
        var claim = Fixtures.submission(tenant, flow: flow, at: seconds, status: .approved)
        claim.applicant = applicant
        claim.lineItems[0].description = "Dinner with Tan Wei Ming"
        claim.attachments = [
            AttachmentFacts(
                fileName: "Tan Wei Ming receipt.pdf", mediaType: .pdf, size: 2048,
                contentHash: "sha-\(claim.id)", outcome: .read)
        ]
        try await storage.withTenant(tenant) { [claim] scope in
            let approvals = scope.approvals
            try await approvals.saveSubmission(claim)
            try await approvals.saveExtraction(
                InvoiceExtraction(
                    contentHash: "sha-\(claim.id)", vendor: "Grab Pte Ltd", invoiceNumber: "INV-\(seconds)",
                    total: Fixtures.money("120.50"),
                    lineItems: [ExtractedLine(description: "Guest Tan Wei Ming", amount: Fixtures.money("120.50"))]),
                for: claim.id)
            try await approvals.saveCheck(
                Check(
                    id: Fixtures.randomness.identifier(), tenantID: tenant, submissionID: claim.id,
                    findings: [Finding(.amountAboveNorm, severity: .yellow, message: "above")],
                    checkedAt: Fixtures.time(seconds + 1)))
            try await approvals.saveCard(
                CardMessage(
                    tenantID: tenant, submissionID: claim.id, approver: approver, messageID: LarkIDs.messageID(),
                    taskID: LarkIDs.taskID(), sentAt: Fixtures.time(seconds + 2)))
            try await scope.taps.saveTap(
                CardTap(
                    id: Fixtures.randomness.identifier(), tenantID: tenant, submissionID: claim.id, approver: approver,
                    choice: .approve, messageID: LarkIDs.messageID(), updateToken: Secret(LarkIDs.callbackToken()),
                    receivedAt: Fixtures.time(seconds + 3), reason: Self.reason))
            try await approvals.saveDecision(
                Decision(
                    id: Fixtures.randomness.identifier(), tenantID: tenant, submissionID: claim.id, approver: approver,
                    outcome: .approve, decidedAt: Fixtures.time(seconds + 4), reason: Self.reason))
            for (actor, detail) in [
                ("system", ["status": "PENDING"]), ("lark:\(approver)", ["choice": "approve"]),
                ("system", ["note": "asked \(applicant)"]),
            ] {
                try await approvals.appendAudit(
                    AuditEntry(
                        id: Fixtures.randomness.identifier(), tenantID: tenant, submissionID: claim.id,
                        at: Fixtures.time(seconds + 5), actor: actor, action: .decided, detail: detail))
            }
        }
        return claim
    }

    /// Free text an approver typed about the applicant.
    static let reason = DecisionReason("Tan Wei Ming hosted the client; fine.")

    static func figures(_ storage: any Storage, _ tenant: TenantID) async throws -> ReportFigures {
        try await storage.withTenant(tenant) {
            try await $0.approvals.reportFigures(
                from: Fixtures.time(-86400), to: Fixtures.time(86400 * 3),
                dayStarts: [Fixtures.time(-86400), Fixtures.time(0), Fixtures.time(86400), Fixtures.time(86400 * 2)])
        }
    }

    @Test(
        "A person's records are found in claims, decisions, cards, taps and audit entries, and only theirs",
        arguments: StoreKind.allCases)
    func records(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            try await test.storage.withTenant(tenant.id) { try await $0.approvals.saveFlow(flow) }
            let (ana, bob, carol) = (LarkIDs.openID(), LarkIDs.openID(), LarkIDs.openID())
            let first = try await Self.claim(
                test.storage, tenant: tenant.id, flow: flow.id, applicant: ana, approver: bob, at: 100)
            let second = try await Self.claim(
                test.storage, tenant: tenant.id, flow: flow.id, applicant: ana, approver: carol, at: 50)
            _ = try await Self.claim(
                test.storage, tenant: tenant.id, flow: flow.id, applicant: carol, approver: bob, at: 200)

            let (anaRecords, bobRecords) = try await test.storage.withTenant(tenant.id) { scope in
                (
                    try await scope.personalData.records(of: .larkUser(openID: ana)),
                    try await scope.personalData.records(of: .larkUser(openID: bob))
                )
            }
            #expect(anaRecords.claims.map(\.id) == [second.id, first.id])
            #expect(anaRecords.decisions.isEmpty && anaRecords.cards.isEmpty && anaRecords.taps.isEmpty)
            #expect(anaRecords.auditEntries.count == 2)
            #expect(anaRecords.auditEntries.allSatisfy { $0.detail["note"] == "asked \(ana)" })
            #expect(bobRecords.claims.isEmpty)
            #expect(bobRecords.decisions.map(\.submissionID).count == 2)
            #expect(bobRecords.cards.count == 2 && bobRecords.taps.count == 2)
            #expect(bobRecords.taps.allSatisfy { $0.updateToken == nil && $0.approver == bob })
            #expect(bobRecords.auditEntries.map(\.actor) == ["lark:\(bob)", "lark:\(bob)"])
            let nobody = try await test.storage.withTenant(tenant.id) {
                try await $0.personalData.records(of: .larkUser(openID: LarkIDs.openID()))
            }
            #expect(nobody.isEmpty)
        }
    }

    @Test(
        "Erasing a person pseudonymises every record of theirs in this workspace only, keeps the figures, and finds nothing after",
        arguments: StoreKind.allCases)
    func erase(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let (ana, bob) = (LarkIDs.openID(), LarkIDs.openID())
            var claims: [Submission] = []
            for workspace in [tenant.id, other.id] {
                let flow = Fixtures.flow(workspace)
                try await test.storage.withTenant(workspace) { try await $0.approvals.saveFlow(flow) }
                for at in [10.0, 90_000] {
                    claims.append(
                        try await Self.claim(
                            test.storage, tenant: workspace, flow: flow.id, applicant: ana, approver: bob, at: at))
                }
            }
            let before = try await Self.figures(test.storage, tenant.id)
            let history = try await test.storage.withTenant(tenant.id) {
                try await $0.approvals.amountHistory(
                    category: "transport", vendorKey: nil, currency: Fixtures.sgd, excluding: nil, limit: 10)
            }

            let counts = try await test.storage.withTenant(tenant.id) { scope in
                (
                    try await scope.personalData.erase(.larkUser(openID: ana), as: Self.pseudonym),
                    try await scope.personalData.erase(.larkUser(openID: bob), as: Self.pseudonym)
                )
            }
            #expect(counts.0.claims == 2 && counts.0.extractions == 2 && counts.0.auditEntries == 2)
            #expect(counts.0.reasons == 4 && counts.1.reasons == 0, "the reasons on the applicant's claims go")
            #expect(counts.0.decisions == 0 && counts.0.cards == 0 && counts.0.taps == 0)
            #expect(counts.1.decisions == 2 && counts.1.cards == 2 && counts.1.taps == 2 && counts.1.auditEntries == 2)
            #expect(counts.1.claims == 0)

            try await test.storage.withTenant(tenant.id) { [claims] scope async throws in
                #expect(try await scope.personalData.records(of: .larkUser(openID: ana)).isEmpty)
                #expect(try await scope.personalData.records(of: .larkUser(openID: bob)).isEmpty)
                #expect(try await scope.approvals.submissions(SubmissionQuery(applicant: ana)).isEmpty)
                #expect(
                    try await scope.approvals.submissions(SubmissionQuery(applicant: Self.pseudonym.value)).count == 2,
                    "a daily cap's read of the applicant's claims finds them under the pseudonym")
                for claim in claims.prefix(2) {
                    let stored = try #require(try await scope.approvals.submission(claim.id))
                    #expect(stored.applicant == Self.pseudonym.value)
                    #expect(stored.lineItems.map(\.description) == [nil])
                    #expect(stored.attachments.map(\.fileName) == ["erased-1.pdf"])
                    #expect(stored.claimedTotal == claim.claimedTotal && stored.vendorKey == claim.vendorKey)
                    #expect(
                        try await scope.approvals.extractions(for: claim.id).flatMap(\.lineItems).map(\.description)
                            == [nil])
                    #expect(
                        try await scope.approvals.decisions(for: claim.id).map(\.approver) == [Self.pseudonym.value])
                    #expect(try await scope.approvals.cards(for: claim.id).map(\.approver) == [Self.pseudonym.value])
                    let taps = try await scope.taps.taps(for: claim.id)
                    #expect(taps.map(\.approver) == [Self.pseudonym.value] && taps.allSatisfy { $0.updateToken == nil })
                    #expect(taps.map(\.reason) == [nil])
                    #expect(try await scope.approvals.decisions(for: claim.id).map(\.reason) == [nil])
                    let trail = try await scope.approvals.auditTrail(for: claim.id)
                    #expect(trail.map(\.actor) == ["system", "lark:\(Self.pseudonym.value)", "system"])
                    #expect(trail.last?.detail == ["note": "asked \(Self.pseudonym.value)"])
                }
                let kept = try await scope.personalData.records(of: .larkUser(openID: Self.pseudonym.value))
                #expect(kept.claims.count == 2 && kept.decisions.count == 2 && kept.taps.count == 2)
                #expect(
                    try await scope.approvals.amountHistory(
                        category: "transport", vendorKey: nil, currency: Fixtures.sgd, excluding: nil, limit: 10)
                        == history)
            }
            #expect(try await Self.figures(test.storage, tenant.id) == before)

            let untouched = try await test.storage.withTenant(other.id) {
                try await $0.personalData.records(of: .larkUser(openID: ana))
            }
            #expect(untouched.claims.count == 2)
            #expect(untouched.claims.allSatisfy { $0.lineItems[0].description == "Dinner with Tan Wei Ming" })
            let otherBob = try await test.storage.withTenant(other.id) {
                try await $0.personalData.records(of: .larkUser(openID: bob))
            }
            #expect(otherBob.taps.count == 2 && otherBob.decisions.count == 2)
            #expect(
                otherBob.decisions.allSatisfy { $0.reason == Self.reason }
                    && otherBob.taps.allSatisfy { $0.reason == Self.reason })
            // Erasing the approver alone removes the reasons they typed.
            let approverErased = try await test.storage.withTenant(other.id) {
                try await $0.personalData.erase(.larkUser(openID: bob), as: Self.pseudonym)
            }
            #expect(approverErased.reasons == 4 && approverErased.decisions == 2)
            let afterBob = try await test.storage.withTenant(other.id) {
                try await $0.personalData.records(of: .larkUser(openID: Self.pseudonym.value))
            }
            #expect(afterBob.decisions.allSatisfy { $0.reason == nil } && afterBob.taps.allSatisfy { $0.reason == nil })
        }
    }

    @Test(
        "An e-mail person is found and erased as an audit actor and in audit details",
        arguments: StoreKind.allCases)
    func emailPerson(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, owner) = try await Fixtures.workspace(in: test.storage)
            let invited = EmailAddress("ana.lim@acme.example")!
            try await test.storage.withTenant(tenant.id) { scope async throws in
                for (actor, detail) in [
                    (owner.email.value, ["email": invited.value, "role": "viewer"]),
                    (invited.value, ["change": "connected"]), (owner.email.value, ["change": "disconnected"]),
                ] {
                    try await scope.approvals.appendAudit(
                        AuditEntry(
                            id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: nil,
                            at: Fixtures.epoch, actor: actor, action: .memberChanged, detail: detail))
                }
            }
            try await test.storage.withTenant(tenant.id) { scope async throws in
                let person = PersonReference.email(invited)
                #expect(try await scope.personalData.records(of: person).auditEntries.count == 2)
                let counts = try await scope.personalData.erase(person, as: Self.pseudonym)
                #expect(counts.auditEntries == 2 && counts.total == 2)
                #expect(try await scope.personalData.records(of: person).isEmpty)
                let all = try await scope.personalData.workspaceAudit(after: nil, limit: 10)
                #expect(all.map(\.actor) == [owner.email.value, Self.pseudonym.value, owner.email.value])
                #expect(all.first?.detail == ["email": Self.pseudonym.value, "role": "viewer"])
            }
        }
    }

    @Test(
        "The workspace's claims, checks and own audit entries are read page by page, each once, in a stable order",
        arguments: StoreKind.allCases)
    func pages(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let flow = Fixtures.flow(tenant.id)
            let otherFlow = Fixtures.flow(other.id)
            let ids = try await test.storage.withTenant(tenant.id) { scope async throws in
                var ids: Set<SubmissionID> = []
                try await scope.approvals.saveFlow(flow)
                for index in 0..<23 {
                    let claim = Fixtures.submission(tenant.id, flow: flow.id, at: Double(index))
                    ids.insert(claim.id)
                    try await scope.approvals.saveSubmission(claim)
                    for minute in [2.0, 1.0] {
                        try await scope.approvals.saveCheck(
                            Check(
                                id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: claim.id,
                                findings: [], checkedAt: Fixtures.time(Double(index) + minute * 60)))
                    }
                }
                for index in 0..<7 {
                    try await scope.approvals.appendAudit(
                        AuditEntry(
                            id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: nil,
                            at: Fixtures.time(Double(index)), actor: "admin@acme.example", action: .policyChanged,
                            detail: ["n": "\(index)"]))
                }
                return ids
            }
            try await test.storage.withTenant(other.id) { scope async throws in
                try await scope.approvals.saveFlow(otherFlow)
                try await scope.approvals.saveSubmission(Fixtures.submission(other.id, flow: otherFlow.id))
            }
            var seen: [SubmissionID] = []
            var cursor: SubmissionID?
            while true {
                let page = try await test.storage.withTenant(tenant.id) { [cursor] in
                    try await $0.personalData.claimIDs(after: cursor, limit: 5)
                }
                guard let last = page.last else { break }
                #expect(page.count <= 5)
                seen += page
                cursor = last
            }
            #expect(seen.count == 23 && Set(seen) == ids)
            var audit: [AuditEntry] = []
            while true {
                let page = try await test.storage.withTenant(tenant.id) { [last = audit.last] in
                    try await $0.personalData.workspaceAudit(after: last, limit: 3)
                }
                if page.isEmpty { break }
                audit += page
            }
            #expect(audit.map { $0.detail["n"] ?? "" } == (0..<7).map(String.init))
            let checks = try await test.storage.withTenant(tenant.id) { [first = seen[0]] in
                try await $0.personalData.checks(for: first)
            }
            #expect(checks.count == 2 && checks[0].checkedAt < checks[1].checkedAt)
        }
    }
}
