import Adapters
import ArgumentParser
import Logging

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations (as KOPI_DATABASE_OWNER_URL's role when set) and exit.")

    func run() async throws {
        let configuration = try loadConfiguration(serving: false)
        let logger = Logger(label: "kopi.migrate")
        try await exitingOnConfigurationError {
            if let problem = StorageFactory.problem(with: configuration.database) {
                throw ConfigurationError(problems: [problem])
            }
        }
        let applied = try await StorageFactory.migrate(
            configuration.database, migrationURL: configuration.databaseOwnerURL)
        logger.info(
            "migrations applied", metadata: ["database": "\(configuration.database)", "versions": "\(applied)"])
    }
}
