import Adapters
import Application
import Domain
import Fakes
import Foundation
import Ports

/// A workspace with an owner and one flow, for benchmarks to fill; with `app`, connected to it.
struct BenchWorkspace {
    let owner: User
    let tenant: Tenant
    let flow: MonitoredFlow

    /// The flow is unsubscribed unless asked, so the reconciliation sweep at start leaves the
    /// benchmark's instances to their webhooks.
    static func create(
        in storage: any Storage, label: String, approvalCode: String = LarkIDs.approvalCode(),
        mapping: FormFieldMapping = FormFieldMapping(amount: "amount"), subscribed: Bool = false, app: FakeApp? = nil
    ) async throws -> BenchWorkspace {
        let now = Date()
        let randomness = SystemRandomness()
        let owner = User(
            id: randomness.identifier(), email: EmailAddress("\(label.lowercased())-\(randomness.uuid())@kopi.test")!,
            createdAt: now)
        let tenant = Tenant(
            id: randomness.identifier(), name: label, larkDomain: .lark, endpointID: randomness.endpointID(),
            createdAt: now)
        try await storage.directory.createUser(owner)
        try await storage.directory.createWorkspace(tenant, owner: owner.id)
        let flow = MonitoredFlow(
            id: randomness.identifier(), tenantID: tenant.id, approvalCode: approvalCode, name: label, mapping: mapping,
            subscribed: subscribed, createdAt: now)
        try await storage.withTenant(tenant.id) { scope in
            if let app {
                try await scope.tenant.saveLarkConnection(
                    LarkConnection(
                        tenantID: tenant.id, appID: app.appID, appSecret: Secret(app.appSecret),
                        encryptKey: Secret(app.encryptKey), verificationToken: Secret(app.verificationToken),
                        updatedAt: now))
            }
            try await scope.approvals.saveFlow(flow)
        }
        return BenchWorkspace(owner: owner, tenant: tenant, flow: flow)
    }

    /// Opens the benchmark's database with its master key, runs `body`, and closes it.
    static func withStorage<Result>(
        _ database: DatabaseLocation, ownerURL: String?, masterKey: String, _ body: (SQLStorage) async throws -> Result
    ) async throws -> Result {
        let storage = try await StorageFactory.open(
            database, sealer: AESGCMSecretSealer(keyring: try MasterKeyring(parsing: masterKey)), migrationURL: ownerURL
        )
        return try await storage.closing(after: body)
    }
}
