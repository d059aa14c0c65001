import Application
import Hummingbird
import NIOCore

/// `GET /api/v1/openapi.json`: the API described as OpenAPI 3.1. A test checks that every
/// `/api/v1` route of the router is described here.
struct OpenAPIRoute: Sendable {
    func register(on router: Router<KopiRequestContext>) {
        router.get("api/v1/openapi.json") { _, _ in
            var response = Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
            response.headers[.cacheControl] = "max-age=300"
            return response
        }
    }
}
