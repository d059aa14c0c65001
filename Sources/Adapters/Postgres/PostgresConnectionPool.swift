import Ports

/// A bounded pool of libpq connections. Connections are made lazily, each with a thread of its
/// own, lent to one transaction at a time, and dropped (their thread stopped) when libpq reports
/// them dead, so a restarted server is reconnected to.
actor PostgresConnectionPool {
    private let conninfo: String
    private let maxConnections: Int
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var closed = false

    init(conninfo: String, maxConnections: Int) {
        self.conninfo = conninfo
        self.maxConnections = max(1, maxConnections)
    }

    func acquire() async throws -> PostgresConnection {
        while true {
            if closed { throw StoreError.unavailable(reason: "postgres_pool_closed") }
            if let connection = idle.popLast() { return connection }
            if open < maxConnections {
                open += 1
                let thread = DedicatedThreadExecutor(name: "kopi-postgres")
                do {
                    let conninfo = self.conninfo
                    return try await thread.run { try PostgresConnection(conninfo: conninfo, thread: thread) }
                } catch {
                    thread.shutdown()
                    open -= 1
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    /// Called once the transaction has left the connection's thread.
    func release(_ connection: PostgresConnection) {
        if connection.isBroken || closed {
            open -= 1
            connection.thread.shutdown()
        } else {
            idle.append(connection)
        }
        wakeOne()
    }

    /// Drops a connection whose state is unknown (e.g. after a failed rollback).
    func discard(_ connection: PostgresConnection) {
        open -= 1
        connection.thread.shutdown()
        wakeOne()
    }

    func close() {
        closed = true
        open -= idle.count
        for connection in idle { connection.thread.shutdown() }
        idle.removeAll()
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}
