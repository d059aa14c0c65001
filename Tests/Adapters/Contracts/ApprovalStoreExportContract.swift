import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("ApprovalStore contract: reads for the CSV export")
struct ApprovalStoreExportContract {
    @Test(
        "Keyset pages after a cursor cover the newest-first list exactly once, ties in time included, with the filters",
        arguments: StoreKind.allCases)
    func keyset(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.approvals.saveFlow(flow)
                // 37 claims over 5 distinct times: most share their time with others.
                for index in 0..<37 {
                    try await scope.approvals.saveSubmission(
                        Fixtures.submission(
                            tenant.id, flow: flow.id, category: index % 3 == 0 ? "meals" : "transport",
                            at: Double(index % 5)))
                }
            }
            for filter in [
                SubmissionQuery(limit: 500), SubmissionQuery(vendorKey: VendorName.normalise("Grab Pte Ltd")),
            ] {
                let whole = try await test.storage.withTenant(tenant.id) { [filter] scope in
                    var all = filter
                    all.limit = 500
                    return try await scope.approvals.submissions(all).map(\.id)
                }
                #expect(whole.count == 37)
                var paged: [SubmissionID] = []
                var query = filter
                query.limit = 4
                while true {
                    let page = try await test.storage.withTenant(tenant.id) { [query] in
                        try await $0.approvals.submissions(query)
                    }
                    paged += page.map(\.id)
                    guard let last = page.last, page.count == 4 else { break }
                    query.after = SubmissionCursor(last)
                }
                #expect(paged == whole)
            }
        }
    }

    @Test(
        "The latest check and decision of each of a page's claims are read at once; claims without either are absent",
        arguments: StoreKind.allCases)
    func latest(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            let flow = Fixtures.flow(tenant.id)
            let claims = (0..<3).map { Fixtures.submission(tenant.id, flow: flow.id, at: Double($0)) }
            let (checks, decisions) = try await test.storage.withTenant(tenant.id) { scope in
                try await scope.approvals.saveFlow(flow)
                var checks: [Check] = []
                var decisions: [Decision] = []
                for claim in claims { try await scope.approvals.saveSubmission(claim) }
                for (claim, verdicts) in zip(claims.prefix(2), [[Verdict.red, .green], [.yellow]]) {
                    for (offset, verdict) in verdicts.enumerated() {
                        let check = Check(
                            id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: claim.id,
                            findings: [Finding(.amountAboveNorm, severity: verdict, message: "m")],
                            checkedAt: Fixtures.time(Double(10 + offset)))
                        try await scope.approvals.saveCheck(check)
                        checks.append(check)
                    }
                }
                for (offset, outcome) in [Decision.Outcome.askForInfo, .approve].enumerated() {
                    let decision = Decision(
                        id: Fixtures.randomness.identifier(), tenantID: tenant.id, submissionID: claims[0].id,
                        approver: Fixtures.approver, outcome: outcome, decidedAt: Fixtures.time(Double(20 + offset)))
                    try await scope.approvals.saveDecision(decision)
                    decisions.append(decision)
                }
                return (checks, decisions)
            }
            let ids = claims.map(\.id)
            let (latestChecks, latestDecisions) = try await test.storage.withTenant(tenant.id) { scope in
                (try await scope.approvals.latestChecks(of: ids), try await scope.approvals.latestDecisions(of: ids))
            }
            #expect(latestChecks == [claims[0].id: checks[1], claims[1].id: checks[2]])
            #expect(latestDecisions == [claims[0].id: decisions[1]])
            let foreign = try await test.storage.withTenant(other.id) { scope in
                (try await scope.approvals.latestChecks(of: ids), try await scope.approvals.latestDecisions(of: ids))
            }
            #expect(foreign.0.isEmpty && foreign.1.isEmpty)
            let none = try await test.storage.withTenant(tenant.id) { try await $0.approvals.latestChecks(of: []) }
            #expect(none.isEmpty)
        }
    }
}
