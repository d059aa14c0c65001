import Adapters
import ArgumentParser
import Foundation
import Logging

/// A consistent backup while the service runs: SQLite through its online backup API, Postgres
/// through `pg_dump` of Kopi's schema. The master key is not in it and is backed up separately.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent backup of the database to PATH (safe while kopi serve runs).",
        discussion: """
            Sealed secrets in the backup open only with the master key they were sealed under: back up \
            KOPI_MASTER_KEY (or the development key file) separately, and never beside the backup.
            """)

    @Argument(help: "The backup file to write; it must not exist.") var path: String
    @Option(help: "Folder of pg_dump (Postgres only); by default PATH, then /usr/lib/postgresql/*/bin.")
    var pgBin: String?

    func run() async throws {
        let configuration = try loadConfiguration(serving: false)
        let started = ContinuousClock.now
        let progress = BackupProgressLine()
        let summary = try await reportingBackupErrors {
            try await DatabaseBackup.backup(
                configuration.database, to: path,
                postgres: configuration.backupDatabaseURL.map { PostgresTools(url: $0, binaries: pgBin) },
                progress: { progress.show($0) })
        }
        print(
            "backup of \(configuration.database) written to \(path): \(BackupCommand.size(summary.bytes)), schema version \(summary.schemaVersion), \(summary.workspaces) workspace(s), in \(BackupCommand.seconds(ContinuousClock.now - started))"
        )
        print(
            "its sealed secrets open only with the master key in use now: keep a copy of KOPI_MASTER_KEY apart from this backup"
        )
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20
            ? String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
            : String(format: "%.1f KiB", Double(bytes) / 1024)
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}

/// Progress on standard error, at most one line per tenth of the copy.
final class BackupProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var shownTenth = 0

    func show(_ progress: BackupProgress) {
        guard progress.total > 0 else { return }
        let tenth = progress.copied * 10 / progress.total
        lock.lock()
        defer { lock.unlock() }
        guard tenth > shownTenth, tenth < 10 else { return }
        shownTenth = tenth
        FileHandle.standardError.write(
            Data("copied \(progress.copied) of \(progress.total) pages (\(tenth * 10) %)\n".utf8))
    }
}

/// A backup or restore refusal as an operator reads it, exit status 1.
func reportingBackupErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as BackupError {
        FileHandle.standardError.write(Data("kopi: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}
