public import Domain
import Ports

/// The workspace's check policy: anyone signed in reads it, admins change it (audited).
public struct PolicyService: Sendable {
    let storage: any Storage
    let runtime: Runtime

    public func policy(_ caller: Caller) async throws -> PolicySettings {
        try await storage.withTenant(caller.tenantID) { try await $0.tenant.policy() }
    }

    public func save(_ policy: PolicySettings, caller: Caller) async throws {
        try caller.require(.admin)
        guard policy.problems.isEmpty else { throw ApplicationError.invalidInput(policy.problems) }
        try await storage.withTenant(caller.tenantID) { [runtime] scope in
            try await scope.tenant.savePolicy(policy)
            try await scope.approvals.appendAudit(
                AuditEntry(
                    id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil,
                    at: runtime.clock.now(),
                    actor: caller.user.email.value, action: .policyChanged, detail: [:]))
        }
    }
}
