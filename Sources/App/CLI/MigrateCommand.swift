import Adapters
import ArgumentParser
import Logging

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations (as KOPI_DATABASE_OWNER_URL's role when set) and exit.")

    func run() async throws {
        let configuration = try loadConfiguration()
        let logger = Logger(label: "kopi.migrate")
        if let problem = StorageFactory.problem(with: configuration.database) {
            logger.error("cannot migrate", metadata: ["reason": "\(problem)"])
            throw ExitCode(69)  // EX_UNAVAILABLE
        }
        let applied = try await StorageFactory.migrate(configuration.database, migrationURL: configuration.databaseOwnerURL)
        logger.info(
            "migrations applied", metadata: ["database": "\(configuration.database)", "versions": "\(applied)"])
    }
}
