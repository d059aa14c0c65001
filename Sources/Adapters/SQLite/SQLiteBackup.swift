import Foundation
import KopiCSQLite3

/// SQLite's online backup API (`sqlite3_backup_*`), in both directions.
///
/// A backup reads the live database through a connection of its own that holds one read
/// transaction from the first page to the last: in WAL mode that is a snapshot, so the copy is
/// consistent while `kopi serve` goes on committing, and the writer never waits for it. The copy
/// is written beside the destination, checked, switched to a single file (no WAL) and renamed
/// into place, so a failed backup leaves nothing that looks like one.
enum SQLiteBackup {
    /// Pages per step: 16 MiB of 4 KiB pages between two progress reports.
    static let defaultPagesPerStep: Int32 = 4096

    static func backup(
        database path: String, to destination: String, pagesPerStep: Int32 = defaultPagesPerStep,
        progress: @escaping @Sendable (BackupProgress) -> Void
    ) async throws -> BackupSummary {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError.databaseMissing(path) }
        let partial = destination + ".partial-\(getpid())"
        return try await DedicatedThreadExecutor.runOnOwnThread(name: "kopi-backup") {
            do {
                let summary = try copy(database: path, to: partial, pagesPerStep: pagesPerStep, progress: progress)
                try publish(partial, as: destination)
                return summary
            } catch {
                try? FileManager.default.removeItem(atPath: partial)
                throw error
            }
        }
    }

    static func restore(from backup: String, into path: String, replace: Bool) async throws -> BackupSummary {
        try await DedicatedThreadExecutor.runOnOwnThread(name: "kopi-backup") {
            let source = try RawSQLite(path: backup, flags: SQLITE_OPEN_READONLY)
            defer { source.close() }
            let summary = try verify(source, path: backup)
            if FileManager.default.fileExists(atPath: path), !replace { throw BackupError.replaceRequired(path) }
            let target = try RawSQLite(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            defer { target.close() }
            // Exclusive locking mode keeps the lock until this connection closes. Every connection
            // of a running Kopi holds a shared lock on a WAL database, so this fails at once.
            try target.execute("PRAGMA locking_mode = EXCLUSIVE")
            do {
                try target.execute("BEGIN EXCLUSIVE")
                try target.execute("COMMIT")
            } catch BackupError.sqlite(let code, _) where code & 0xFF == SQLITE_BUSY {
                throw BackupError.inUse(path)
            }
            try run(from: source, to: target, pagesPerStep: -1, progress: { _ in })
            return summary
        }
    }

    private static func copy(
        database path: String, to partial: String, pagesPerStep: Int32, progress: (BackupProgress) -> Void
    ) throws -> BackupSummary {
        let source = try RawSQLite(path: path, flags: SQLITE_OPEN_READWRITE)
        defer { source.close() }
        source.busyTimeout(milliseconds: 5000)
        // The read transaction the whole copy runs in: sqlite3_backup_step uses an open one as is.
        try source.execute("BEGIN")
        defer { try? source.execute("COMMIT") }
        _ = try verify(source, path: path, checkIntegrity: false)
        let target = try RawSQLite(path: partial, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        defer { target.close() }
        try run(from: source, to: target, pagesPerStep: pagesPerStep, progress: progress)
        // The copy carries the source's WAL flag; a backup is one self-contained file.
        try target.execute("PRAGMA journal_mode = DELETE")
        return try verify(target, path: partial)
    }

    /// `pagesPerStep` -1 copies everything in one step.
    private static func run(
        from source: RawSQLite, to target: RawSQLite, pagesPerStep: Int32, progress: (BackupProgress) -> Void
    ) throws {
        guard let backup = sqlite3_backup_init(target.handle, "main", source.handle, "main") else {
            throw target.lastError()
        }
        var code = SQLITE_OK
        while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED {
            code = sqlite3_backup_step(backup, pagesPerStep)
            let total = Int(sqlite3_backup_pagecount(backup))
            progress(BackupProgress(copied: total - Int(sqlite3_backup_remaining(backup)), total: total))
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { usleep(10_000) }
        }
        // sqlite3_backup_finish returns the step's error, if any, and frees the handle.
        let finished = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE, finished == SQLITE_OK else { throw target.lastError() }
    }

    /// Refuses a file that is not a Kopi database, is damaged, or comes from a newer Kopi.
    private static func verify(_ database: RawSQLite, path: String, checkIntegrity: Bool = true) throws
        -> BackupSummary
    {
        guard
            try database.integer("SELECT count(*) FROM sqlite_schema WHERE name IN ('kopi_migrations', 'tenants')")
                == 2
        else { throw BackupError.notKopi(path) }
        if checkIntegrity {
            let result = try database.text("PRAGMA quick_check") ?? "no answer"
            guard result == "ok" else { throw BackupError.damaged(result) }
        }
        let version = try database.integer("SELECT coalesce(max(version), 0) FROM kopi_migrations")
        let known = Schema.migrations(for: .sqlite).count
        guard version <= known else { throw BackupError.newerSchema(found: version, known: known) }
        let bytes = try database.integer("PRAGMA page_count") * (try database.integer("PRAGMA page_size"))
        return BackupSummary(
            bytes: bytes, schemaVersion: version, workspaces: try database.integer("SELECT count(*) FROM tenants"))
    }

    /// Renames the finished copy into place and makes the rename durable.
    private static func publish(_ partial: String, as destination: String) throws {
        guard rename(partial, destination) == 0 else {
            throw BackupError.sqlite(
                code: errno, message: "cannot rename the backup into place: \(String(cString: strerror(errno)))")
        }
        let folder = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        let descriptor = open(folder, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }
}

/// A bare libsqlite3 handle for the backup: no pragmas of the service's connections (WAL, cache),
/// no statement cache.
private final class RawSQLite {
    let handle: OpaquePointer

    init(path: String, flags: Int32) throws {
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_FULLMUTEX, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw code == SQLITE_CANTOPEN
                ? BackupError.databaseMissing(path) : BackupError.sqlite(code: code, message: message)
        }
        handle = db
    }

    func close() { sqlite3_close_v2(handle) }

    func busyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw lastError(code) }
    }

    func integer(_ sql: String) throws -> Int {
        try first(sql) { Int(sqlite3_column_int64($0, 0)) } ?? 0
    }

    func text(_ sql: String) throws -> String? {
        try first(sql) { statement in sqlite3_column_text(statement, 0).map { String(cString: $0) } } ?? nil
    }

    private func first<Value>(_ sql: String, _ read: (OpaquePointer) -> Value) throws -> Value? {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else { throw lastError(prepared) }
        defer { sqlite3_finalize(statement) }
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW { return read(statement) }
        guard code == SQLITE_DONE else { throw lastError(code) }
        return nil
    }

    func lastError(_ code: Int32? = nil) -> BackupError {
        .sqlite(code: code ?? sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
    }
}
