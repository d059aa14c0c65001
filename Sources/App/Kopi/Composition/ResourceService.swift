import Adapters
import ServiceLifecycle

/// Owns what the other services share, the database and the HTTP client, and closes them when the
/// service group shuts down. Listed first, it is shut down last, after the server and workers.
struct ResourceService: Service, CustomStringConvertible {
    let storage: SQLStorage
    let http: CurlHTTPClient

    var description: String { "Resources(database, http client)" }

    func run() async throws {
        try? await gracefulShutdown()
        await http.shutdown()
        await storage.close()
    }
}
