import Application
import Domain
import Hummingbird

/// `/api/v1/rules`: the rule library (learned patterns); approvers re-band or delete.
struct RuleRoutes: Sendable {
    let service: RuleService
    let authenticator: SessionAuthenticator

    struct BandBody: Decodable {
        let lower: String
        let upper: String
    }

    func register(on router: Router<KopiRequestContext>) {
        let group = router.group("api/v1/rules")
        group.get { request, _ in
            let caller = try await authenticator.require(request)
            let limit = try request.integer("limit", default: 50, range: 1...200)
            let offset = try request.integer("offset", default: 0, range: 0...1_000_000)
            let rules = try await service.list(limit: limit, offset: offset, caller: caller)
            return try JSONResponse.encode(.ok, ["items": rules.map(RuleView.init)])
        }
        group.get("{id}") { request, context in
            let caller = try await authenticator.require(request)
            return try JSONResponse.encode(
                .ok, RuleView(try await service.rule(try context.id(as: PatternID.self), caller: caller)))
        }
        group.put("{id}") { request, context in
            let caller = try await authenticator.require(request, role: .approver)
            let id = try context.id(as: PatternID.self)
            let body = try await JSONBody.decode(BandBody.self, from: request, limit: 4096)
            return try JSONResponse.encode(
                .ok, RuleView(try await service.updateBand(id, lower: body.lower, upper: body.upper, caller: caller)))
        }
        group.delete("{id}") { request, context in
            let caller = try await authenticator.require(request, role: .approver)
            try await service.delete(try context.id(as: PatternID.self), caller: caller)
            return Response(status: .noContent)
        }
    }
}
