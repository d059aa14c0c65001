import Adapters
import ArgumentParser
import Foundation
import Logging

/// Restores a backup of `kopi backup`, migrates it to this Kopi's schema, and checks that every
/// sealed secret in it opens with the master key configured now.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup written by kopi backup into KOPI_DATABASE_URL (with kopi serve stopped).",
        discussion: """
            SQLite: the database must not be open in any process; an existing one is replaced only with \
            --replace. Postgres: restores into a database without a Kopi schema, as KOPI_BACKUP_DATABASE_URL \
            (a superuser or BYPASSRLS role); the owner and runtime roles must exist. Exits 1 if a sealed \
            secret does not open with the configured master key.
            """)

    @Argument(help: "The backup file.") var path: String
    @Flag(help: "Overwrite an existing SQLite database.") var replace = false
    @Option(help: "Folder of pg_restore (Postgres only); by default PATH, then /usr/lib/postgresql/*/bin.")
    var pgBin: String?

    func run() async throws {
        let configuration = try loadConfiguration(serving: false)
        let logger = Logger(label: "kopi.restore")
        let summary = try await reportingBackupErrors {
            try await DatabaseBackup.restore(
                from: path, into: configuration.database, replace: replace,
                postgres: configuration.backupDatabaseURL.map { PostgresTools(url: $0, binaries: pgBin) })
        }
        print(
            "restored \(path) into \(configuration.database): schema version \(summary.schemaVersion), \(summary.workspaces) workspace(s)"
        )
        let check = try await exitingOnConfigurationError {
            let keyring = try MasterKeySource.keyring(for: configuration, logger: logger)
            return try await CompositionRoot.makeStorage(configuration, logger: logger, keyring: keyring)
        }.closing { try await $0.openableSecrets() }
        for line in Self.lines(check) { print(line) }
        if !check.unopenable.isEmpty { throw ExitCode(1) }
    }

    static func lines(_ check: SealedSecretsCheck) -> [String] {
        let unopenable = check.unopenable.values.reduce(0, +)
        guard unopenable > 0 else { return ["all \(check.total) sealed secret(s) open with the configured master key"] }
        let keys = check.unopenable.keys.sorted().joined(separator: ", ")
        return [
            "\(unopenable) of \(check.total) sealed secret(s) do not open with the configured master key (sealed under \(keys)): set KOPI_MASTER_KEY to the key the backup was made with"
        ]
    }
}
