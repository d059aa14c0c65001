import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("Cancellation: a task cancelled inside a transaction leaves the storage usable")
struct CancellationTests {
    @Test("The transaction is rolled back and the next one works", arguments: StoreKind.allCases)
    func cancelledInsideTransaction(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let storage = test.storage
            let flow = Fixtures.flow(tenant.id)
            let cancelled = Task {
                try await storage.withTenant(tenant.id) { scope in
                    try await scope.approvals.saveFlow(flow)
                    try await Task.sleep(for: .seconds(30))
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            cancelled.cancel()
            await #expect(throws: CancellationError.self) { try await cancelled.value }
            // Nothing of the cancelled transaction stayed, and the storage takes the next one.
            let flows = try await storage.withTenant(tenant.id) { try await $0.approvals.flows() }
            #expect(flows.isEmpty)
            try await storage.withTenant(tenant.id) { try await $0.approvals.saveFlow(flow) }
            #expect(try await storage.withTenant(tenant.id) { try await $0.approvals.flows() }.map(\.id) == [flow.id])
        }
    }
}
