import Domain
import Foundation
import HTTPTypes
public import Hummingbird

/// `GET /metrics` in Prometheus' text format. With a token, only `Authorization: Bearer <token>`
/// is answered (401 otherwise, compared in constant time); without one the route exists only on
/// a listener of its own (`KOPI_METRICS_ADDRESS`), which the operator keeps off the internet.
public struct MetricsRoute: Sendable {
    public let token: String?
    public let render: @Sendable () async -> String

    public init(token: String?, render: @escaping @Sendable () async -> String) {
        self.token = token
        self.render = render
    }

    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("metrics") { request, _ in try await answer(request) }
    }

    func answer(_ request: Request) async throws -> Response {
        if let token {
            let given = request.headers[.authorization].flatMap { value in
                value.lowercased().hasPrefix("bearer ") ? String(value.dropFirst("bearer ".count)) : nil
            }
            guard let given, ConstantTime.equal(given, token) else {
                return Response(
                    status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentType: "text/plain"],
                    body: .init(byteBuffer: ByteBuffer(string: "unauthorized\n")))
            }
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: await render())))
    }
}
