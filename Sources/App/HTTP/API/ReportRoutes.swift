import Application
import Hummingbird

/// `/api/v1/report?from=yyyy-MM-dd&to=yyyy-MM-dd`: compliance figures (last 30 days by default).
struct ReportRoutes: Sendable {
    let service: ReportService
    let authenticator: SessionAuthenticator

    func register(on router: Router<KopiRequestContext>) {
        router.get("api/v1/report") { request, _ in
            let caller = try await authenticator.require(request)
            return try JSONResponse.encode(
                .ok, try await service.report(from: request.query("from"), to: request.query("to"), caller: caller).0)
        }
    }
}
