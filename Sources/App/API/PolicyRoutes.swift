import Domain
import Foundation
import Hummingbird
import Ports

/// `/api/v1/policy`: the workspace's check policy (admins change it).
struct PolicyRoutes: Sendable {
    let services: AppServices
    let authenticator: SessionAuthenticator

    func register(on router: Router<KopiRequestContext>) {
        let group = router.group("api/v1/policy")
        group.get { request, _ in
            let caller = try await authenticator.require(request)
            return try JSONResponse.encode(.ok, try await services.storage.withTenant(caller.tenantID) { try await $0.tenant.policy() })
        }
        group.put { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            let policy = try await JSONBody.decode(PolicySettings.self, from: request, limit: 64 * 1024)
            try await PolicyUpdate(services: services).save(policy, caller: caller)
            return try JSONResponse.encode(.ok, policy)
        }
    }
}

/// Validates and saves a policy, with an audit entry.
struct PolicyUpdate: Sendable {
    let services: AppServices

    func save(_ policy: PolicySettings, caller: Caller) async throws {
        try caller.require(.admin)
        guard policy.problems.isEmpty else { throw APIError.invalidInput(policy.problems) }
        try await services.storage.withTenant(caller.tenantID) { scope in
            try await scope.tenant.savePolicy(policy)
            try await scope.approvals.appendAudit(AuditEntry(
                id: services.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil, at: services.clock.now(),
                actor: caller.user.email.value, action: .policyChanged, detail: [:]))
        }
    }
}
