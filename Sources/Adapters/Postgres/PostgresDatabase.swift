import Domain
import Foundation
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
            try await session.begin(settings: [("kopi.tenant_id", tenant), ("kopi.user_id", user)])
            return session
        } catch StoreError.unavailable where session.connection.isBroken && retriesLeft > 0 {
            await pool.release(session.connection)
            return try await begin(tenant: tenant, user: user, retriesLeft: retriesLeft - 1)
        } catch {
            // Cut short (a cancelled task), the connection may be inside a transaction: drop it.
            await pool.discard(session.connection)
            throw error
        }
    }

    func autocommit<Result: Sendable>(_ body: @Sendable (any SQLSession) async throws -> Result) async throws -> Result
    {
        let session = PostgresSession(connection: try await pool.acquire(), executor: executor)
        do {
            let result = try await body(session)
            await pool.release(session.connection)
            return result
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
/// duplicate, say) undoes only itself and the transaction carries on, as it does on SQLite; the
/// savepoint costs no extra round trip (``PostgresConnection/guardedWrite(_:_:)``).
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let executor: BlockingExecutor
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
