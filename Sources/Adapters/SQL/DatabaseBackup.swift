import Foundation

/// `kopi backup` and `kopi restore`: SQLite through its online backup API (a consistent copy while
/// the service writes), Postgres through `pg_dump` / `pg_restore` of Kopi's schema. A backup holds
/// sealed secrets only; the master key that opens them is backed up separately.
public enum DatabaseBackup {
    /// Writes a backup of `location` to `path`, which must not exist yet; nothing is left at
    /// `path` if the backup fails. Postgres needs `postgres`: a role that reads every workspace's
    /// rows (a superuser or BYPASSRLS) and where `pg_dump` is.
    public static func backup(
        _ location: DatabaseLocation, to path: String, postgres: PostgresTools? = nil,
        progress: @escaping @Sendable (BackupProgress) -> Void = { _ in }
    ) async throws -> BackupSummary {
        guard !FileManager.default.fileExists(atPath: path) else { throw BackupError.destinationExists(path) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: folder) else { throw BackupError.folderNotWritable(folder) }
        switch location {
        case .sqlite(let database):
            return try await SQLiteBackup.backup(database: database, to: path, progress: progress)
        case .postgres:
            guard let postgres else { throw BackupError.postgresToolsMissing }
            return try await PostgresDump.backup(postgres, to: path)
        }
    }

    /// Restores the backup at `path` into `location`. SQLite: the file must not be open in any
    /// process (stop `kopi serve`), and an existing database is replaced only with `replace`.
    /// Postgres: into a database that holds no Kopi schema yet, as the role of `postgres`.
    /// Migrations for a backup of an older Kopi run when the storage is next opened.
    public static func restore(
        from path: String, into location: DatabaseLocation, replace: Bool = false, postgres: PostgresTools? = nil
    ) async throws -> BackupSummary {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError.sourceMissing(path) }
        switch location {
        case .sqlite(let database):
            return try await SQLiteBackup.restore(from: path, into: database, replace: replace)
        case .postgres:
            guard let postgres else { throw BackupError.postgresToolsMissing }
            return try await PostgresDump.restore(postgres, from: path)
        }
    }
}

/// How far a backup is, in database pages.
public struct BackupProgress: Sendable, Equatable {
    public var copied: Int
    public var total: Int
}

/// What a backup or restore wrote.
public struct BackupSummary: Sendable, Equatable {
    /// Size of the backup file.
    public var bytes: Int
    /// The latest migration the backup's schema has.
    public var schemaVersion: Int
    /// Workspaces in the backup.
    public var workspaces: Int
}

public enum BackupError: Error, Equatable, CustomStringConvertible {
    case destinationExists(String)
    case folderNotWritable(String)
    case sourceMissing(String)
    case databaseMissing(String)
    case inUse(String)
    case replaceRequired(String)
    case notKopi(String)
    case newerSchema(found: Int, known: Int)
    case damaged(String)
    case postgresToolsMissing
    case toolMissing(String)
    case toolFailed(tool: String, status: Int32, message: String)
    case cannotReadEveryRow(role: String)
    case targetNotEmpty
    case sqlite(code: Int32, message: String)

    public var description: String {
        switch self {
        case .destinationExists(let path): "\(path) already exists; a backup never overwrites a file"
        case .folderNotWritable(let folder): "cannot write a backup in \(folder): it does not exist or is not writable"
        case .sourceMissing(let path): "no backup at \(path)"
        case .databaseMissing(let path): "no SQLite database at \(path)"
        case .inUse(let path):
            "\(path) is open in another process (is kopi serve running?); stop it before restoring"
        case .replaceRequired(let path):
            "\(path) already holds a database; pass --replace to overwrite it with the backup"
        case .notKopi(let path): "\(path) is not a Kopi database or backup"
        case .newerSchema(let found, let known):
            "the backup has schema version \(found) but this Kopi knows only up to \(known); restore it with a newer Kopi"
        case .damaged(let detail): "the backup failed SQLite's integrity check: \(detail)"
        case .postgresToolsMissing: "a Postgres backup needs KOPI_BACKUP_DATABASE_URL (or KOPI_DATABASE_OWNER_URL)"
        case .toolMissing(let tool): "\(tool) was not found; install postgresql-client or pass --pg-bin"
        case .toolFailed(let tool, let status, let message): "\(tool) failed with status \(status): \(message)"
        case .cannotReadEveryRow(let role):
            "the role \(role) is subject to row-level security and would back up no workspace's rows; use a superuser or a BYPASSRLS role in KOPI_BACKUP_DATABASE_URL"
        case .targetNotEmpty:
            "the target database already holds a Kopi schema; restore into an empty database (or drop the schema first)"
        case .sqlite(let code, let message): "SQLite error \(code): \(message)"
        }
    }
}
