import Adapters
import Foundation
import Hummingbird
import Logging
import Ports

/// The one place that names concrete adapters. `kopi serve` and the app tests build the service
/// through these functions.
enum CompositionRoot {
    /// Opens and migrates the configured storage, after checking it is reachable and writable.
    static func makeStorage(_ configuration: AppConfiguration, logger: Logger) async throws -> SQLStorage {
        if let problem = StorageFactory.problem(with: configuration.database) {
            throw ConfigurationError(problems: [problem])
        }
        let sealer = AESGCMSecretSealer(keyring: try MasterKeySource.keyring(for: configuration, logger: logger))
        let storage: SQLStorage
        do {
            storage = try await StorageFactory.open(
                configuration.database, sealer: sealer, migrationURL: configuration.databaseOwnerURL)
        } catch let error as StoreError {
            throw ConfigurationError(problems: ["cannot open the database at \(configuration.database): \(error)"])
        }
        for warning in try await storage.rowLevelSecurityWarnings() {
            logger.warning("row-level security is weakened", metadata: ["reason": "\(warning)"])
        }
        return storage
    }

    static func buildRouter(storage: any Storage) -> Router<BasicRequestContext> {
        let router = Router()
        HealthRoutes(storage: storage).register(on: router)
        return router
    }

    static func buildApplication(storage: any Storage, configuration: AppConfiguration, logger: Logger)
        -> some ApplicationProtocol
    {
        Application(
            router: buildRouter(storage: storage),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "kopi"),
            logger: logger)
    }
}
