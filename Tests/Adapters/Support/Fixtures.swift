import Domain
import Fakes
import Foundation
import Ports

/// Builders for test data. Times are whole milliseconds so they round-trip through every backend.
enum Fixtures {
    static let randomness = SystemRandomness()
    static let approver = LarkIDs.openID()
    static let epoch = Date(timeIntervalSince1970: 1_800_000_000)
    static let sgd = CurrencyCode("SGD")!

    static func time(_ seconds: Double) -> Date { epoch.addingTimeInterval(seconds) }

    static func user(_ label: String = "user") -> User {
        User(
            id: randomness.identifier(), email: EmailAddress("\(label)-\(UUID().uuidString.prefix(8))@example.com")!,
            createdAt: epoch)
    }

    /// A workspace with an admin, created through the directory.
    @discardableResult
    static func workspace(in storage: any Storage, name: String = "Acme Finance") async throws -> (
        tenant: Tenant, owner: User
    ) {
        let owner = user("owner")
        try await storage.directory.createUser(owner)
        let tenant = Tenant(
            id: randomness.identifier(), name: name, larkDomain: .lark, endpointID: randomness.endpointID(),
            createdAt: epoch)
        try await storage.directory.createWorkspace(tenant, owner: owner.id)
        return (tenant, owner)
    }

    static func flow(_ tenant: TenantID, code: String = LarkIDs.approvalCode()) -> MonitoredFlow {
        MonitoredFlow(
            id: randomness.identifier(), tenantID: tenant, approvalCode: code, name: "Travel expenses",
            mapping: FormFieldMapping(
                amount: "widget-amount", currency: "widget-currency", vendor: "widget-vendor", defaultCurrency: sgd),
            subscribed: true, createdAt: epoch)
    }

    static func money(_ text: String) -> Money { Money(decimal: text, currency: sgd)! }

    static func submission(
        _ tenant: TenantID, flow: FlowID, instance: String = LarkIDs.instanceCode(), amount: String = "120.50",
        vendor: String = "Grab Pte Ltd", category: String = "transport", at seconds: Double = 0,
        status: SubmissionStatus = .pending
    ) -> Submission {
        Submission(
            id: randomness.identifier(), tenantID: tenant, flowID: flow, instanceCode: instance,
            applicant: LarkIDs.openID(),
            status: status,
            lineItems: [
                LineItem(
                    amount: money(amount), date: time(seconds), category: category, vendor: vendor,
                    description: "Taxi to client")
            ],
            attachments: [
                AttachmentFacts(
                    fileName: "receipt.pdf", mediaType: .pdf, size: 1024, contentHash: "ab12", outcome: .read)
            ],
            submittedAt: time(seconds), updatedAt: time(seconds))
    }

    static func connection(_ tenant: TenantID) -> LarkConnection {
        LarkConnection(
            tenantID: tenant, appID: "cli_a1b2c3d4e5f60718", appSecret: Secret("CANARY-APP-SECRET-7f3a"),
            encryptKey: Secret("CANARY-ENCRYPT-KEY-91bc"), verificationToken: Secret("CANARY-VERIFY-TOKEN-5d2e"),
            updatedAt: epoch)
    }

    static func job(
        _ tenant: TenantID, subject: String = LarkIDs.instanceCode(), runAt: Date = epoch, maxAttempts: Int = 3
    ) -> Job {
        Job(
            id: randomness.identifier(), tenantID: tenant, kind: .processInstance, subject: subject,
            maxAttempts: maxAttempts, runAt: runAt, createdAt: epoch)
    }
}
