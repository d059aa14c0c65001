import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Gathering a check's facts from storage")
struct CheckInputLoaderTests {
    @Test("History, invoices claimed elsewhere, similar claims and patterns are gathered, excluding the claim itself")
    func gathers() async throws {
        let storage = InMemoryStorage(sealer: TestServices.sealer)
        let harness = try await WebhookHarness.make(storage: storage)
        let tenant = harness.tenant.id
        let sgd = CurrencyCode("SGD")!
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        let flow = MonitoredFlow(
            id: Identifier(UUID()), tenantID: tenant, approvalCode: LarkIDs.approvalCode(), name: "F",
            mapping: FormFieldMapping(amount: "a"), subscribed: true, createdAt: base)
        func claim(_ minor: Int64, instance: String, daysAgo: Double) -> Submission {
            Submission(
                id: Identifier(UUID()), tenantID: tenant, flowID: flow.id, instanceCode: instance,
                applicant: LarkIDs.openID(),
                status: .approved,
                lineItems: [
                    LineItem(amount: Money(minorUnits: minor, currency: sgd), category: "transport", vendor: "Grab")
                ],
                attachments: [], submittedAt: base.addingTimeInterval(-daysAgo * 86400), updatedAt: base)
        }
        let history = (0..<6).map { claim(4_000, instance: LarkIDs.instanceCode(), daysAgo: Double(60 + $0)) }
        let earlierCopy = claim(30_000, instance: LarkIDs.instanceCode(), daysAgo: 2)
        let current = claim(30_000, instance: LarkIDs.instanceCode(), daysAgo: 0)
        let invoice = InvoiceExtraction(
            contentHash: "same-file", vendor: "Grab", invoiceNumber: "N1", currency: sgd,
            total: Money(minorUnits: 30_000, currency: sgd))
        let pattern = LearnedPattern(
            id: Identifier(UUID()), tenantID: tenant, vendorKey: "grab", category: "transport", currency: sgd,
            lowerBound: 3_000, upperBound: 5_000, approvals: 6, rejections: 0, lastDecidedAt: base)
        let input = try await storage.withTenant(tenant) { scope in
            try await scope.approvals.saveFlow(flow)
            for submission in history + [earlierCopy, current] { try await scope.approvals.saveSubmission(submission) }
            try await scope.approvals.saveExtraction(invoice, for: earlierCopy.id)
            try await scope.approvals.saveExtraction(invoice, for: current.id)
            try await scope.patterns.save(pattern)
            return try await CheckInputLoader().load(current, extractions: [invoice], scope: scope, now: base)
        }
        #expect(input.categoryHistory["transport"]?.count == 7 && input.vendorHistory["grab"]?.count == 7)
        #expect(
            input.sameInvoice == [
                InvoiceMatch(submissionID: earlierCopy.id, instanceCode: earlierCopy.instanceCode, reason: .sameFile)
            ])
        #expect(input.recentVendorSubmissions.map(\.instanceCode) == [earlierCopy.instanceCode])
        #expect(input.patterns == [pattern])
        let codes = Set(CheckEngine().findings(for: input).map(\.code.rawValue))
        #expect(codes == ["amount.far_above_norm", "invoice.duplicate"])
        #expect(input.applicantClaims.isEmpty, "without daily caps no claim of the applicant is read")

        // With a daily cap on the claim's category, the applicant's claims since the day before
        // its expense are gathered, and their lines of the day summed by the check.
        let applicant = current.applicant
        let day = base.addingTimeInterval(-3600)
        func mine(_ minor: Int64, submittedHoursAgo hours: Double) -> Submission {
            Submission(
                id: Identifier(UUID()), tenantID: tenant, flowID: flow.id, instanceCode: LarkIDs.instanceCode(),
                applicant: applicant, status: .pending,
                lineItems: [
                    LineItem(
                        amount: Money(minorUnits: minor, currency: sgd), date: day, category: "meals",
                        vendor: "Din Tai Fung")
                ],
                attachments: [], submittedAt: base.addingTimeInterval(-hours * 3600), updatedAt: base)
        }
        let lunch = mine(4_500, submittedHoursAgo: 0)
        let dinner = mine(4_000, submittedHoursAgo: 0.5)
        let lastMonth = mine(9_000, submittedHoursAgo: 24 * 40)
        let capped = try await storage.withTenant(tenant) { scope in
            try await scope.tenant.savePolicy(
                PolicySettings(dailyCaps: ["meals": Money(minorUnits: 8_000, currency: sgd)]))
            for submission in [lunch, dinner, lastMonth] { try await scope.approvals.saveSubmission(submission) }
            return try await CheckInputLoader().load(lunch, extractions: [], scope: scope, now: base)
        }
        let gathered = Set(capped.applicantClaims.map(\.id))
        #expect(gathered.isSuperset(of: [lunch.id, dinner.id]) && !gathered.contains(lastMonth.id))
        let daily = CheckEngine().findings(for: capped).first { $0.code == .policyDailyCapExceeded }
        #expect(daily?.evidence.claimed == Money(minorUnits: 8_500, currency: sgd) && daily?.evidence.lines == 2)
    }

    @Test("An invoice claimed many times before names at most ten of those claims, so the check stays bounded")
    func boundedDuplicates() async throws {
        let storage = InMemoryStorage(sealer: TestServices.sealer)
        let harness = try await WebhookHarness.make(storage: storage)
        let (tenant, flow) = (harness.tenant.id, harness.flow)
        let sgd = CurrencyCode("SGD")!
        let invoice = InvoiceExtraction(
            contentHash: "resubmitted-file", vendor: "Grab", currency: sgd,
            total: Money(minorUnits: 1_000, currency: sgd))
        let claims = (0..<25).map { _ in
            Submission(
                id: Identifier(UUID()), tenantID: tenant, flowID: flow.id, instanceCode: LarkIDs.instanceCode(),
                applicant: LarkIDs.openID(),
                status: .pending, lineItems: [LineItem(amount: Money(minorUnits: 1_000, currency: sgd))],
                attachments: [],
                submittedAt: Date(), updatedAt: Date())
        }
        let input = try await storage.withTenant(tenant) { scope in
            for claim in claims {
                try await scope.approvals.saveSubmission(claim)
                try await scope.approvals.saveExtraction(invoice, for: claim.id)
            }
            return try await CheckInputLoader().load(claims[0], extractions: [invoice], scope: scope, now: Date())
        }
        #expect(input.sameInvoice.count == 10 && !input.sameInvoice.contains { $0.submissionID == claims[0].id })
    }
}
