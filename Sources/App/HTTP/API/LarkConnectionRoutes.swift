import Application
import Domain
import Hummingbird

/// `/api/v1/lark/connection`: see, connect or replace, disconnect (admins).
struct LarkConnectionRoutes: Sendable {
    let service: LarkConnectionService
    let authenticator: SessionAuthenticator

    func register(on router: Router<KopiRequestContext>) {
        let group = router.group("api/v1/lark/connection")
        group.get { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            return try JSONResponse.encode(.ok, ConnectionView(try await service.status(caller)))
        }
        group.put { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            let input = try await JSONBody.decode(LarkConnectionService.Input.self, from: request, limit: 8 * 1024)
            return try JSONResponse.encode(.ok, ConnectionView(try await service.connect(input, caller: caller)))
        }
        group.delete { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            try await service.disconnect(caller)
            return Response(status: .noContent)
        }
    }
}
