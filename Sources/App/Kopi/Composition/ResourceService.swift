import Adapters
import ServiceLifecycle

/// Owns what the other services share, the database and the HTTP clients, and closes them when the
/// service group shuts down. Listed first, it is shut down last, after the server and workers.
struct ResourceService: Service, CustomStringConvertible {
    let storage: SQLStorage
    let http: [CurlHTTPClient]

    var description: String { "Resources(database, http clients)" }

    func run() async throws {
        try? await gracefulShutdown()
        for client in http { await client.shutdown() }
        await storage.close()
    }
}
