import Ports

/// Postgres through libpq. Each transaction sets the tenant (and user) for row-level security with
/// `set_config(…, true)`, which lasts exactly as long as the transaction.
final class PostgresDatabase: SQLDatabase {
    let dialect = SQLDialect.postgres
    private let pool: PostgresConnectionPool
    private let executor: BlockingExecutor

    init(conninfo: String, maxConnections: Int) {
        executor = BlockingExecutor(threads: maxConnections)
        pool = PostgresConnectionPool(conninfo: conninfo, maxConnections: maxConnections, executor: executor)
    }

    func transaction<Result: Sendable>(
        tenant: String?, user: String?, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        let session = try await begin(tenant: tenant, user: user, retriesLeft: 1)
        do {
            let result = try await body(session)
            try await session.commit()
            await pool.release(session.connection)
            return result
        } catch {
            do {
                try await session.execute("ROLLBACK", [])
                await pool.release(session.connection)
            } catch {
                await pool.discard(session.connection)
            }
            throw error
        }
    }

    /// Opens a transaction. A connection found dead at this point (server restarted while it sat
    /// idle) is dropped and the transaction retried once on a fresh one; nothing has run yet.
    private func begin(tenant: String?, user: String?, retriesLeft: Int) async throws -> PostgresSession {
        let session = PostgresSession(connection: try await pool.acquire(), executor: executor)
        do {
            try await session.execute("BEGIN", [])
            if let tenant { try await session.execute("SELECT set_config('kopi.tenant_id', $1, true)", [.text(tenant)]) }
            if let user { try await session.execute("SELECT set_config('kopi.user_id', $1, true)", [.text(user)]) }
            return session
        } catch StoreError.unavailable where session.connection.isBroken && retriesLeft > 0 {
            await pool.release(session.connection)
            return try await begin(tenant: tenant, user: user, retriesLeft: retriesLeft - 1)
        } catch {
            await pool.release(session.connection)
            throw error
        }
    }

    func close() async {
        await pool.close()
        await executor.shutdown()
    }
}

/// A transaction on one connection. Each write runs under a savepoint, so a failed write (a
/// duplicate, say) undoes only itself and the transaction carries on, as it does on SQLite.
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let executor: BlockingExecutor
    var dialect: SQLDialect { .postgres }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await run(sql, binds).rows
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        try await run(sql, binds).changed
    }

    /// Commits, and fails if Postgres rolled back instead (it answers COMMIT on an aborted
    /// transaction with a ROLLBACK, not an error).
    func commit() async throws {
        let status = try await executor.run { [connection] in try connection.query("COMMIT", []).status }
        guard status == "COMMIT" else { throw StoreError.conflict }
    }

    private func run(_ sql: String, _ binds: [SQLValue]) async throws -> (rows: [SQLRow], changed: Int, status: String) {
        try await executor.run { [connection] in
            guard Self.isWrite(sql) else { return try connection.query(sql, binds) }
            _ = try connection.query("SAVEPOINT kopi_statement", [])
            do {
                let result = try connection.query(sql, binds)
                _ = try connection.query("RELEASE SAVEPOINT kopi_statement", [])
                return result
            } catch {
                if !connection.isBroken { _ = try? connection.query("ROLLBACK TO SAVEPOINT kopi_statement", []) }
                throw error
            }
        }
    }

    static func isWrite(_ sql: String) -> Bool {
        let head = sql.prefix(7).uppercased()
        return head.hasPrefix("INSERT") || head.hasPrefix("UPDATE") || head.hasPrefix("DELETE")
    }
}
