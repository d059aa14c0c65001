/// One connection inside one transaction. SQL is written once, in Postgres' `$n` placeholder
/// style; the SQLite session rewrites placeholders to `?n`.
protocol SQLSession: Sendable {
    var dialect: SQLDialect { get }
    /// Runs a statement and returns its rows (for SELECT and `RETURNING`).
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// Runs a statement and returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int
    /// Runs a write whose changed-row count nobody reads and whose failure is the transaction's:
    /// Postgres sends it with the transaction's next statement or its COMMIT, in the same round
    /// trip, and a failure surfaces there (the transaction then cannot commit); SQLite, which has
    /// no round trip to save, runs it at once. Not for a write whose failure a caller handles.
    func executeDeferred(_ sql: String, _ binds: [SQLValue]) async throws
}

extension SQLSession {
    func query(_ sql: String, _ binds: any SQLBindable...) async throws -> [SQLRow] {
        try await query(sql, binds.map(\.sqlValue))
    }

    func first(_ sql: String, _ binds: any SQLBindable...) async throws -> SQLRow? {
        try await query(sql, binds.map(\.sqlValue)).first
    }

    @discardableResult
    func execute(_ sql: String, _ binds: any SQLBindable...) async throws -> Int {
        try await execute(sql, binds.map(\.sqlValue))
    }

    func executeDeferred(_ sql: String, _ binds: any SQLBindable...) async throws {
        try await executeDeferred(sql, binds.map(\.sqlValue))
    }
}

enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// A backend that hands out transactions.
protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` in a transaction. With a tenant, the backend confines the transaction to it
    /// (Postgres sets the row-level-security context). With a user, the transaction may also see
    /// that user's memberships (for the directory).
    @discardableResult
    func transaction<Result: Sendable>(
        tenant: String?, user: String?, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result
    /// Runs `body` without a transaction: each statement commits on its own. For single-statement
    /// reads of tables without row-level security (the directory), where BEGIN/COMMIT only add
    /// round trips.
    func autocommit<Result: Sendable>(_ body: @Sendable (any SQLSession) async throws -> Result) async throws -> Result
    /// Runs `body`, which only reads, in a transaction that may run beside others (SQLite: on a
    /// reader connection, not the writer). Confined to the tenant as ``transaction(tenant:user:_:)`` is.
    func read<Result: Sendable>(
        tenant: String?, user: String?, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result
    func close() async
    /// See ``Storage/transactionExecutor``.
    var transactionExecutor: (any TaskExecutor)? { get }
}

extension SQLDatabase {
    var transactionExecutor: (any TaskExecutor)? { nil }

    /// Where transactions already run side by side (Postgres' pool), a read is one of them.
    func read<Result: Sendable>(
        tenant: String?, user: String?, _ body: @Sendable (any SQLSession) async throws -> Result
    ) async throws -> Result {
        try await transaction(tenant: tenant, user: user, body)
    }
}

extension SQLDatabase {
    @discardableResult
    func transaction<Result: Sendable>(_ body: @Sendable (any SQLSession) async throws -> Result) async throws -> Result
    {
        try await transaction(tenant: nil, user: nil, body)
    }
}
