import Domain
import Foundation
import Ports

/// Postgres through libpq. Each transaction sets the tenant (and user) for row-level security with
/// `set_config(…, true)`, which lasts exactly as long as the transaction.
final class PostgresDatabase: SQLDatabase {
    let dialect = SQLDialect.postgres
    private let pool: PostgresConnectionPool

    init(conninfo: String, maxConnections: Int) {
        pool = PostgresConnectionPool(conninfo: conninfo, maxConnections: maxConnections)
    }

    /// The whole transaction runs on its connection's thread, as on SQLite: one hop there, every
    /// statement (BEGIN and COMMIT included) a plain libpq call, one hop back. BEGIN costs no
    /// round trip of its own: it goes out with the first statement. The connection goes back to
    /// the pool only after the transaction has left that thread.
    func transaction<Result: Sendable>(
        tenant: String?, user: String?, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        try await transaction(tenant: tenant, user: user, readOnly: false, retriesLeft: 1, body)
    }

    /// A `READ ONLY` transaction from the same pool, so a write in it fails.
    func read<Result: Sendable>(
        tenant: String?, user: String?, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        try await transaction(tenant: tenant, user: user, readOnly: true, retriesLeft: 1, body)
    }

    private enum Attempt<Value> {
        case committed(Value)
        case failed(any Error, rolledBack: Bool)
        case notBegun(any Error)
    }

    /// A connection found dead before Postgres confirmed the BEGIN (the server restarted while it
    /// sat idle) is dropped and the transaction run again, once, on a fresh one: nothing ran in
    /// the database, and a body does only database work.
    private func transaction<Result: Sendable>(
        tenant: String?, user: String?, readOnly: Bool, retriesLeft: Int,
        _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        let connection = try await pool.acquire()
        let session = PostgresSession(connection: connection, executor: connection.thread)
        let attempt: Attempt<Result> = await withTaskExecutorPreference(connection.thread) {
            session.begin(settings: [("kopi.tenant_id", tenant), ("kopi.user_id", user)], readOnly: readOnly)
            do {
                let result = try await body(session)
                try await session.commit()
                return .committed(result)
            } catch {
                if case StoreError.unavailable = error, connection.isBroken, !connection.transactionConfirmed {
                    return .notBegun(error)
                }
                return .failed(error, rolledBack: await session.rollback())
            }
        }
        switch attempt {
        case .committed(let result):
            await pool.release(connection)
            return result
        case .failed(let error, let rolledBack):
            if rolledBack { await pool.release(connection) } else { await pool.discard(connection) }
            throw error
        case .notBegun(let error):
            await pool.discard(connection)
            guard retriesLeft > 0 else { throw error }
            return try await transaction(
                tenant: tenant, user: user, readOnly: readOnly, retriesLeft: retriesLeft - 1, body)
        }
    }

    func autocommit<Result: Sendable>(_ body: @Sendable (any SQLSession) async throws -> Result) async throws -> Result
    {
        let connection = try await pool.acquire()
        let session = PostgresSession(connection: connection, executor: connection.thread)
        let outcome: Swift.Result<Result, any Error> = await withTaskExecutorPreference(session.executor) {
            do { return .success(try await body(session)) } catch { return .failure(error) }
        }
        await pool.release(session.connection)
        return try outcome.get()
    }

    func close() async {
        await pool.close()
    }
}

/// A transaction on one connection. Each write runs under a savepoint, so a failed write (a
/// duplicate, say) undoes only itself and the transaction carries on, as it does on SQLite; the
/// savepoint costs no extra round trip (``PostgresConnection/pipelined(_:_:guarded:)``). A
/// deferred write has no round trip of its own (``PostgresConnection/deferWrite(_:_:)``).
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    /// The connection's own thread: a call from it is a plain call, from anywhere else a hop.
    let executor: DedicatedThreadExecutor
    var dialect: SQLDialect { .postgres }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await run(sql, binds).rows
    }

    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        try await run(sql, binds).changed
    }

    /// Opens the transaction with its row-level-security context, both sent with the first
    /// statement. The values (UUIDs, the only values Kopi sets) are bound as parameters.
    func begin(settings: [(String, String?)], readOnly: Bool = false) {
        connection.deferBegin(
            settings: settings.compactMap { name, value in
                value.map { (name, UUIDText.parse($0) != nil ? $0.lowercased() : $0) }
            }, readOnly: readOnly)
    }

    /// Commits, and fails if Postgres rolled back instead (it answers COMMIT on an aborted
    /// transaction with a ROLLBACK, not an error). A transaction that ran no statement was never
    /// opened: there is nothing to commit.
    func commit() async throws {
        let status = try await executor.run { [connection] in try connection.commit() }
        guard status == "COMMIT" else { throw StoreError.conflict }
    }

    /// Rolls back; false if the connection could not (it is then dropped).
    func rollback() async -> Bool {
        let rolledBack: Bool? = try? await executor.run { [connection] in
            try connection.rollback()
            return true
        }
        return rolledBack != nil
    }

    /// Queued on the connection: it goes out with the transaction's next statement or its COMMIT.
    func executeDeferred(_ sql: String, _ binds: [SQLValue]) async throws {
        try await executor.run { [connection] in try connection.deferWrite(sql, binds) }
    }

    private func run(_ sql: String, _ binds: [SQLValue]) async throws -> (rows: [SQLRow], changed: Int, status: String)
    {
        try await executor.run { [connection] in
            Self.isWrite(sql) ? try connection.pipelined(sql, binds, guarded: true) : try connection.query(sql, binds)
        }
    }

    static func isWrite(_ sql: String) -> Bool {
        let head = sql.prefix(7).uppercased()
        return head.hasPrefix("INSERT") || head.hasPrefix("UPDATE") || head.hasPrefix("DELETE")
    }
}
