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
            try await session.execute("COMMIT", [])
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

struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let executor: BlockingExecutor
    var dialect: SQLDialect { .postgres }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await executor.run { [connection] in try connection.query(sql, binds).rows }
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        try await executor.run { [connection] in try connection.query(sql, binds).changed }
    }
}
