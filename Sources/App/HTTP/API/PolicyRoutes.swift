import Application
import Domain
import Foundation
import Hummingbird

/// `/api/v1/policy`: the workspace's check policy (admins change it).
struct PolicyRoutes: Sendable {
    let service: PolicyService
    let authenticator: SessionAuthenticator

    func register(on router: Router<KopiRequestContext>) {
        let group = router.group("api/v1/policy")
        group.get { request, _ in
            let caller = try await authenticator.require(request)
            return try JSONResponse.encode(.ok, try await service.policy(caller))
        }
        group.put { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            let policy = try await JSONBody.decode(PolicySettings.self, from: request, limit: 64 * 1024)
            try await service.save(policy, caller: caller)
            return try JSONResponse.encode(.ok, policy)
        }
    }
}
