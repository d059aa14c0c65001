import Application
import Domain
import Foundation
import Hummingbird

/// `/api/v1/exchange-rates`: the workspace's manual rates; admins set and remove them.
struct ExchangeRateRoutes: Sendable {
    let service: ExchangeRateService
    let authenticator: SessionAuthenticator

    struct RateBody: Decodable {
        let from: String
        let to: String
        let rate: String
        let day: String
    }

    struct RateView: Encodable {
        let from: String
        let to: String
        let rate: String
        let day: String

        init(_ rate: ExchangeRate) {
            from = rate.from.code
            to = rate.to.code
            self.rate = rate.rateText
            day = rate.day.text
        }
    }

    func register(on router: Router<KopiRequestContext>) {
        let group = router.group("api/v1/exchange-rates")
        group.get { request, _ in
            let caller = try await authenticator.require(request)
            return try JSONResponse.encode(.ok, ["items": try await service.manualRates(caller).map(RateView.init)])
        }
        group.put { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            let body = try await JSONBody.decode(RateBody.self, from: request, limit: 4096)
            let saved = try await service.setManualRate(
                caller, from: body.from, to: body.to, rate: body.rate, day: body.day)
            return try JSONResponse.encode(.ok, RateView(saved))
        }
        group.delete("{from}/{to}/{day}") { request, context in
            let caller = try await authenticator.require(request, role: .admin)
            try await service.removeManualRate(
                caller, from: context.parameters.get("from") ?? "", to: context.parameters.get("to") ?? "",
                day: context.parameters.get("day") ?? "")
            return Response(status: .noContent)
        }
    }
}
