import Ports

/// SQLite as the embedded backend: one connection, one transaction at a time, `BEGIN IMMEDIATE`
/// so a transaction takes the write lock up front (waiting up to the busy timeout) instead of
/// failing when it first writes. Read-only work may run beside it on ``SQLiteReaders``.
final class SQLiteDatabase: SQLDatabase {
    let dialect = SQLDialect.sqlite
    private let connection: SQLiteConnection
    private let executor: DedicatedThreadExecutor
    private let lock: AsyncSerialLock
    private let checkpointer: SQLiteCheckpointer
    let readers: SQLiteReaders

    private init(
        connection: SQLiteConnection, executor: DedicatedThreadExecutor, lock: AsyncSerialLock,
        checkpointer: SQLiteCheckpointer, readers: SQLiteReaders
    ) {
        self.connection = connection
        self.executor = executor
        self.lock = lock
        self.checkpointer = checkpointer
        self.readers = readers
    }

    static func open(
        path: String, busyTimeoutMilliseconds: Int32, checkpoints: SQLiteCheckpointer.Policy = .standard
    ) async throws -> SQLiteDatabase {
        let executor = DedicatedThreadExecutor(name: "kopi-sqlite")
        let lock = AsyncSerialLock()
        do {
            let connection = try await executor.run {
                let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
                // Checkpoints are the checkpointer's, off this connection's commits.
                _ = try connection.query("PRAGMA wal_autocheckpoint = 0", [])
                // A WAL that grew past this is cut back when the writer starts it again.
                _ = try connection.query("PRAGMA journal_size_limit = \(SQLiteCheckpointer.journalSizeLimit)", [])
                return connection
            }
            let checkpointer: SQLiteCheckpointer
            do {
                checkpointer = try await SQLiteCheckpointer.start(
                    path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, writerLock: lock, policy: checkpoints)
            } catch {
                _ = try? await executor.run { connection.close() }
                throw error
            }
            return SQLiteDatabase(
                connection: connection, executor: executor, lock: lock, checkpointer: checkpointer,
                readers: SQLiteReaders(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds))
        } catch {
            executor.shutdown()
            throw error
        }
    }

    /// The whole transaction runs on the connection's thread: one hop there, every statement a
    /// plain call, one hop back. COMMIT and ROLLBACK are plain calls too, so a cancelled task
    /// can never leave the one connection inside a transaction.
    func transaction<Result: Sendable>(
        tenant: String?, user: String?, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        let session = SQLiteSession(connection: connection, executor: executor)
        return try await withTaskExecutorPreference(executor) {
            try await lock.withLock { try await session.inTransaction(begin: "BEGIN IMMEDIATE", body) }
        }
    }

    func autocommit<Result: Sendable>(_ body: @Sendable (any SQLSession) async throws -> Result) async throws -> Result
    {
        let session = SQLiteSession(connection: connection, executor: executor)
        return try await withTaskExecutorPreference(executor) { try await lock.withLock { try await body(session) } }
    }

    /// A read transaction on a reader connection: it neither waits for the writer nor holds it up.
    func read<Result: Sendable>(
        tenant: String?, user: String?, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        try await readers.read(body)
    }

    var transactionExecutor: (any TaskExecutor)? { executor }

    func close() async {
        await readers.close()
        await checkpointer.stop()
        await lock.lock()
        let connection = self.connection
        _ = try? await executor.run { connection.close() }
        executor.shutdown()
    }
}

struct SQLiteSession: SQLSession {
    let connection: SQLiteConnection
    let executor: DedicatedThreadExecutor
    var dialect: SQLDialect { .sqlite }

    /// A plain call on the connection's thread (where a transaction body runs); from anywhere
    /// else, a hop there.
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await executor.run { [connection] in try connection.query(sql, binds) }
    }

    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        try await executor.run { [connection] in try connection.execute(sql, binds) }
    }

    func executeDeferred(_ sql: String, _ binds: [SQLValue]) async throws {
        try await execute(sql, binds)
    }

    /// `begin`, then `body`, then COMMIT, or ROLLBACK if `body` threw.
    func inTransaction<Result: Sendable>(
        begin: String, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        try await execute(begin, [])
        do {
            let result = try await body(self)
            try await execute("COMMIT", [])
            return result
        } catch {
            _ = try? await execute("ROLLBACK", [])
            throw error
        }
    }
}
