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
    /// statement (BEGIN and COMMIT included) a plain libpq call, one hop back. The connection goes
    /// back to the pool only after the transaction has left that thread.
    func transaction<Result: Sendable>(
        tenant: String?, user: String?, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        try await transaction(tenant: tenant, user: user, retriesLeft: 1, body)
    }

    private enum Attempt<Value> {
        case committed(Value)
        case failed(any Error, rolledBack: Bool)
        case notBegun(any Error)
    }

    /// A connection found dead at BEGIN (server restarted while it sat idle) is dropped and the
    /// transaction retried once on a fresh one; nothing has run yet.
    private func transaction<Result: Sendable>(
        tenant: String?, user: String?, retriesLeft: Int, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        let connection = try await pool.acquire()
        let session = PostgresSession(connection: connection, executor: connection.thread)
        let attempt: Attempt<Result> = await withTaskExecutorPreference(connection.thread) {
            do {
                try await session.begin(settings: [("kopi.tenant_id", tenant), ("kopi.user_id", user)])
            } catch {
                return .notBegun(error)
            }
            do {
                let result = try await body(session)
                try await session.commit()
                return .committed(result)
            } catch {
                return .failed(error, rolledBack: (try? await session.execute("ROLLBACK", [])) != nil)
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
            if case StoreError.unavailable = error, connection.isBroken, retriesLeft > 0 {
                await pool.release(connection)
                return try await transaction(tenant: tenant, user: user, retriesLeft: retriesLeft - 1, body)
            }
            // Cut short (a cancelled task), the connection may be inside a transaction: drop it.
            await pool.discard(connection)
            throw error
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
/// savepoint costs no extra round trip (``PostgresConnection/guardedWrite(_:_:)``).
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

    /// Opens the transaction and sets its row-level-security context in one round trip. The
    /// values are inlined only when they are UUIDs (the only values Kopi sets); anything else is
    /// bound as a parameter.
    func begin(settings: [(String, String?)]) async throws {
        let present = settings.compactMap { name, value in value.map { (name, $0) } }
        if present.allSatisfy({ UUIDText.parse($0.1) != nil }) {
            let sql = (["BEGIN"] + present.map { "SELECT set_config('\($0.0)', '\($0.1.lowercased())', true)" }).joined(
                separator: "; ")
            try await executor.run { [connection] in try connection.simple(sql) }
        } else {
            try await execute("BEGIN", [])
            for (name, value) in present {
                try await execute("SELECT set_config($1, $2, true)", [.text(name), .text(value)])
            }
        }
    }

    /// Commits, and fails if Postgres rolled back instead (it answers COMMIT on an aborted
    /// transaction with a ROLLBACK, not an error).
    func commit() async throws {
        let status = try await executor.run { [connection] in try connection.query("COMMIT", []).status }
        guard status == "COMMIT" else { throw StoreError.conflict }
    }

    private func run(_ sql: String, _ binds: [SQLValue]) async throws -> (rows: [SQLRow], changed: Int, status: String)
    {
        try await executor.run { [connection] in
            Self.isWrite(sql) ? try connection.guardedWrite(sql, binds) : try connection.query(sql, binds)
        }
    }

    static func isWrite(_ sql: String) -> Bool {
        let head = sql.prefix(7).uppercased()
        return head.hasPrefix("INSERT") || head.hasPrefix("UPDATE") || head.hasPrefix("DELETE")
    }
}
