import Ports

/// SQLite as the embedded backend: one connection, one transaction at a time, `BEGIN IMMEDIATE`
/// so a transaction takes the write lock up front (waiting up to the busy timeout) instead of
/// failing when it first writes.
final class SQLiteDatabase: SQLDatabase {
    let dialect = SQLDialect.sqlite
    private let connection: SQLiteConnection
    private let executor: BlockingExecutor
    private let lock = AsyncSerialLock()

    private init(connection: SQLiteConnection, executor: BlockingExecutor) {
        self.connection = connection
        self.executor = executor
    }

    static func open(path: String, busyTimeoutMilliseconds: Int32) async throws -> SQLiteDatabase {
        let executor = BlockingExecutor(threads: 1)
        do {
            let connection = try await executor.run {
                try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            }
            return SQLiteDatabase(connection: connection, executor: executor)
        } catch {
            await executor.shutdown()
            throw error
        }
    }

    func transaction<Result: Sendable>(
        tenant: String?, user: String?, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        let session = SQLiteSession(connection: connection, executor: executor)
        return try await lock.withLock {
            try await session.execute("BEGIN IMMEDIATE", [])
            do {
                let result = try await body(session)
                try await Self.finish("COMMIT", session)
                return result
            } catch {
                try? await Self.finish("ROLLBACK", session)
                throw error
            }
        }
    }

    /// Ends the transaction even when the task was cancelled: the executor skips work for a
    /// cancelled task, and the one connection must never be left inside a transaction. An
    /// unstructured task does not inherit the cancellation.
    private static func finish(_ statement: String, _ session: SQLiteSession) async throws {
        _ = try await Task { try await session.execute(statement, []) }.value
    }

    func autocommit<Result: Sendable>(_ body: @Sendable (any SQLSession) async throws -> Result) async throws -> Result
    {
        let session = SQLiteSession(connection: connection, executor: executor)
        return try await lock.withLock { try await body(session) }
    }

    func close() async {
        await lock.lock()
        let connection = self.connection
        _ = try? await executor.run { connection.close() }
        await executor.shutdown()
    }
}

private struct SQLiteSession: SQLSession {
    let connection: SQLiteConnection
    let executor: BlockingExecutor
    var dialect: SQLDialect { .sqlite }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await executor.run { [connection] in try connection.query(sql, binds) }
    }

    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        try await executor.run { [connection] in try connection.execute(sql, binds) }
    }
}
