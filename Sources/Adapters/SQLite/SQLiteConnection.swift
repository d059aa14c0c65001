import KopiCSQLite3
import Ports

/// One libsqlite3 handle and its prepared statements.
///
/// `@unchecked Sendable` because it is used from one thread at a time: ``SQLiteDatabase`` lets a
/// single transaction hold it (``AsyncSerialLock``) and runs every call on its one
/// ``DedicatedThreadExecutor`` thread. So the handle is opened with `SQLITE_OPEN_NOMUTEX`
/// (SQLite's multi-thread mode, safe when no handle is used by two threads at once): a mutex on
/// every libsqlite3 call would guard against something that cannot happen.
final class SQLiteConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Each statement prepared once, with its result columns by name (read once, not per query).
    private var statements: [String: (statement: OpaquePointer, columns: [String: Int])] = [:]

    /// `sqlite3_destructor_type` -1: SQLite copies bound bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Opened read-only: a reader beside the one writer (WAL lets both run at once).
    let readOnly: Bool

    init(path: String, busyTimeoutMilliseconds: Int32, readOnly: Bool = false) throws {
        self.readOnly = readOnly
        var db: OpaquePointer?
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let flags = access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            // sqlite3_open_v2 may return a handle even on failure; it must still be closed.
            if let db { sqlite3_close_v2(db) }
            throw StoreError.unavailable(reason: "sqlite_open_\(code)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        do {
            // The writer sets WAL; it is the database's, so a reader finds it set.
            if !readOnly { _ = try query("PRAGMA journal_mode = WAL", []) }
            try execute("PRAGMA foreign_keys = ON", [])
            // In WAL mode NORMAL loses nothing when the process dies; only a power cut can drop
            // the last transactions.
            try execute("PRAGMA synchronous = NORMAL", [])
            // 16 MiB of pages for a reader, where the year's report reads its indexes (about 12
            // MiB of them at 50,000 submissions: at 8 MiB each report evicted what the next
            // re-read); SQLite's default 2 MiB for the writer. A commit truncates the page cache,
            // which can walk its hash table, and that grows with the cache: at 32 MiB the walk was
            // 4 % of `kopi serve`'s CPU under webhook ingest. Grown only as pages are read.
            try execute("PRAGMA cache_size = \(readOnly ? -16384 : -2048)", [])
            try execute("PRAGMA temp_store = MEMORY", [])
        } catch {
            close()
            throw error
        }
    }

    func close() {
        // SQLite's advice for long-lived connections: gather planner statistics where they are stale.
        if !readOnly { _ = try? execute("PRAGMA optimize", []) }
        for prepared in statements.values { sqlite3_finalize(prepared.statement) }
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        let (statement, prepared) = try prepared(sql)
        var columns = prepared
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try bind(binds, to: statement)
        var count = columns.count
        var rows: [SQLRow] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw error(code) }
            // A schema change re-prepares the statement inside sqlite3_step, and `SELECT *`
            // then has the table's new columns.
            if rows.isEmpty && Int(sqlite3_column_count(statement)) != count {
                columns = Self.columns(of: statement)
                count = columns.count
                statements[sql]?.columns = columns
            }
            rows.append(SQLRow(columns: columns, values: (0..<count).map { read(statement, column: Int32($0)) }))
        }
        return rows
    }

    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int {
        _ = try query(sql, binds)
        return Int(sqlite3_changes(handle))
    }

    private func prepared(_ sql: String) throws -> (statement: OpaquePointer, columns: [String: Int]) {
        if let prepared = statements[sql] { return prepared }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(
            handle, Self.sqliteSyntax(sql), -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code) }
        let columns = Self.columns(of: statement)
        statements[sql] = (statement, columns)
        return (statement, columns)
    }

    private static func columns(of statement: OpaquePointer) -> [String: Int] {
        var columns: [String: Int] = [:]
        for index in 0..<Int(sqlite3_column_count(statement)) {
            columns[String(cString: sqlite3_column_name(statement, Int32(index)))] = index
        }
        return columns
    }

    /// Rewrites Postgres' `$1` placeholders to SQLite's numbered `?1`: a `$` followed by a digit,
    /// outside quotes (a JSON path such as `'$.code'` is left alone).
    static func sqliteSyntax(_ sql: String) -> String {
        var output = Array(sql.utf8)
        var quoted = false
        for index in output.indices {
            switch output[index] {
            case UInt8(ascii: "'"): quoted.toggle()
            case UInt8(ascii: "$")
            where !quoted && index + 1 < output.count
                && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(output[index + 1]):
                output[index] = UInt8(ascii: "?")
            default: break
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private func bind(_ values: [SQLValue], to statement: OpaquePointer) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(statement, index)
            case .integer(let number): code = sqlite3_bind_int64(statement, index, number)
            case .text(let text):
                code = sqlite3_bind_text64(
                    statement, index, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob64(
                        statement, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(raw.count),
                        Self.transient)
                }
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
    }

    private func read(_ statement: OpaquePointer, column: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default:
            guard let text = sqlite3_column_text(statement, column) else { return .null }
            return .text(String(cString: text))
        }
    }

    private func error(_ code: Int32) -> StoreError {
        // Extended result codes are function-like macros in sqlite3.h, not imported into Swift.
        let constraintPrimaryKey = SQLITE_CONSTRAINT | (6 << 8)
        let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)
        let constraintForeignKey = SQLITE_CONSTRAINT | (3 << 8)
        // Raised by the triggers that stand in for foreign keys SQLite cannot alter.
        let constraintTrigger = SQLITE_CONSTRAINT | (7 << 8)
        switch code {
        case constraintUnique, constraintPrimaryKey: return .duplicate
        case constraintForeignKey, constraintTrigger: return .invalidReference
        case _ where code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED:
            return .unavailable(reason: "sqlite_busy")
        default: return .backend(code: "sqlite_\(code)")
        }
    }
}
