import Application
import Domain
import Hummingbird

/// `/api/v1/flows`: watched approval flows and their form mappings.
struct FlowRoutes: Sendable {
    let service: FlowService
    let authenticator: SessionAuthenticator

    struct AddBody: Decodable { let approvalCode: String }

    func register(on router: Router<KopiRequestContext>) {
        let group = router.group("api/v1/flows")
        group.get { request, _ in
            let caller = try await authenticator.require(request)
            return try JSONResponse.encode(.ok, ["items": try await service.list(caller).map { FlowView($0) }])
        }
        group.post { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            let body = try await JSONBody.decode(AddBody.self, from: request, limit: 4096)
            let detail = try await service.add(approvalCode: body.approvalCode, caller: caller)
            return try JSONResponse.encode(.created, FlowView(detail.flow, widgets: detail.widgets))
        }
        group.get("{id}") { request, context in
            let caller = try await authenticator.require(request)
            let detail = try await service.detail(try context.id(as: FlowID.self), caller: caller)
            return try JSONResponse.encode(.ok, FlowView(detail.flow, widgets: detail.widgets))
        }
        group.put("{id}/mapping") { request, context in
            let caller = try await authenticator.require(request, role: .admin)
            let id = try context.id(as: FlowID.self)
            let mapping = try await JSONBody.decode(FormFieldMapping.self, from: request, limit: 8 * 1024)
            return try JSONResponse.encode(
                .ok, FlowView(try await service.updateMapping(id, mapping: mapping, caller: caller)))
        }
        group.delete("{id}") { request, context in
            let caller = try await authenticator.require(request, role: .admin)
            try await service.remove(try context.id(as: FlowID.self), caller: caller)
            return Response(status: .noContent)
        }
    }
}
