import Application
import Domain
import Hummingbird

/// `/api/v1/members`: list, invite, change role, remove (admins change).
struct MemberRoutes: Sendable {
    let service: MemberService
    let authenticator: SessionAuthenticator

    struct InviteBody: Decodable {
        let email: String
        let role: String?
    }

    struct RoleBody: Decodable { let role: String }

    func register(on router: Router<KopiRequestContext>) {
        let group = router.group("api/v1/members")
        group.get { request, _ in
            let caller = try await authenticator.require(request)
            return try JSONResponse.encode(.ok, ["items": try await service.list(caller).map(MemberView.init)])
        }
        group.post { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            let body = try await JSONBody.decode(InviteBody.self, from: request, limit: 4096)
            var problems: [String] = []
            let email = APIEmail.parse(body.email)
            if email == nil { problems.append("email: enter an e-mail address such as ana@example.com.") }
            let role = Role(rawValue: body.role ?? "viewer")
            if role == nil { problems.append("role: viewer, approver or admin.") }
            guard let email, let role else { throw APIError.invalidInput(problems) }
            return try JSONResponse.encode(
                .created, MemberView(try await service.invite(email: email, role: role, caller: caller)))
        }
        group.put("{id}") { request, context in
            let caller = try await authenticator.require(request, role: .admin)
            let id = try context.id(as: UserID.self)
            let body = try await JSONBody.decode(RoleBody.self, from: request, limit: 4096)
            guard let role = Role(rawValue: body.role) else {
                throw APIError.invalidInput(["role: viewer, approver or admin."])
            }
            return try JSONResponse.encode(
                .ok, MemberView(try await service.changeRole(of: id, to: role, caller: caller)))
        }
        group.delete("{id}") { request, context in
            let caller = try await authenticator.require(request, role: .admin)
            try await service.remove(try context.id(as: UserID.self), caller: caller)
            return Response(status: .noContent)
        }
    }
}
