import Application
import Foundation
import Hummingbird
import Ports

/// `GET /healthz`: 200 when the database answers, 503 when it does not. No detail beyond that.
struct HealthRoutes: Sendable {
    let storage: any Storage

    func register(on router: Router<KopiRequestContext>) {
        router.get("healthz") { _, _ in try await health() }
    }

    struct Health: ResponseEncodable {
        let status: String
        let database: String
    }

    func health() async throws -> EditedResponse<Health> {
        do {
            try await storage.ping()
            return EditedResponse(
                status: .ok, headers: [.cacheControl: "no-store"], response: Health(status: "ok", database: "ok"))
        } catch {
            return EditedResponse(
                status: .serviceUnavailable, headers: [.cacheControl: "no-store"],
                response: Health(status: "degraded", database: "unavailable"))
        }
    }
}
