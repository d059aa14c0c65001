import Ports

/// A bounded pool of libpq connections. Connections are made lazily, lent to one transaction at a
/// time, and dropped when libpq reports them dead, so a restarted server is reconnected to.
actor PostgresConnectionPool {
    private let conninfo: String
    private let maxConnections: Int
    private let executor: BlockingExecutor
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var closed = false

    init(conninfo: String, maxConnections: Int, executor: BlockingExecutor) {
        self.conninfo = conninfo
        self.maxConnections = max(1, maxConnections)
        self.executor = executor
    }

    func acquire() async throws -> PostgresConnection {
        while true {
            if closed { throw StoreError.unavailable(reason: "postgres_pool_closed") }
            if let connection = idle.popLast() { return connection }
            if open < maxConnections {
                open += 1
                do {
                    let conninfo = self.conninfo
                    return try await executor.run { try PostgresConnection(conninfo: conninfo) }
                } catch {
                    open -= 1
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    func release(_ connection: PostgresConnection) {
        if connection.isBroken || closed {
            open -= 1
        } else {
            idle.append(connection)
        }
        wakeOne()
    }

    /// Drops a connection whose state is unknown (e.g. after a failed rollback).
    func discard(_ connection: PostgresConnection) {
        open -= 1
        wakeOne()
    }

    func close() {
        closed = true
        open -= idle.count
        idle.removeAll()
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}
