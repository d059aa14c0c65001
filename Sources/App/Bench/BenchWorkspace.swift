import Application
import Domain
import Foundation
import Ports

/// A workspace with an owner and one flow, for benchmarks to fill.
struct BenchWorkspace {
    let owner: User
    let tenant: Tenant
    let flow: MonitoredFlow

    static func create(in storage: any Storage, label: String) async throws -> BenchWorkspace {
        let now = Date()
        let randomness = SystemRandomness()
        let owner = User(
            id: randomness.identifier(), email: EmailAddress("\(label)-\(randomness.uuid())@kopi.test")!, createdAt: now
        )
        let tenant = Tenant(
            id: randomness.identifier(), name: label, larkDomain: .lark, endpointID: randomness.endpointID(),
            createdAt: now)
        try await storage.directory.createUser(owner)
        try await storage.directory.createWorkspace(tenant, owner: owner.id)
        let flow = MonitoredFlow(
            id: randomness.identifier(), tenantID: tenant.id, approvalCode: "BENCH", name: "Bench",
            mapping: FormFieldMapping(amount: "a"),
            subscribed: true, createdAt: now)
        try await storage.withTenant(tenant.id) { try await $0.approvals.saveFlow(flow) }
        return BenchWorkspace(owner: owner, tenant: tenant, flow: flow)
    }
}
