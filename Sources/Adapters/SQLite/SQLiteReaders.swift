import Ports
import Synchronization

/// Read-only connections beside SQLite's one writer, each on a thread of its own. In WAL mode a
/// reader sees the last commit as of its first read and neither waits for the writer nor makes
/// it wait, so a long read (the year's report) never holds up the webhook's writes, and two
/// reads run on two cores. Opened as needed, at most ``capacity``; a read that finds them all
/// busy waits for the first one freed.
final class SQLiteReaders: Sendable {
    struct Reader: Sendable {
        let connection: SQLiteConnection
        let executor: DedicatedThreadExecutor
    }

    private struct State {
        var idle: [Reader] = []
        var opened = 0
        var waiters: [CheckedContinuation<Reader?, Never>] = []
        var closed = false
    }

    let capacity: Int
    private let path: String
    private let busyTimeoutMilliseconds: Int32
    private let state = Mutex(State())

    init(path: String, busyTimeoutMilliseconds: Int32, capacity: Int = 3) {
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.capacity = max(1, capacity)
    }

    /// Runs `body` in a read transaction on an idle reader, then hands the reader on.
    func read<Result: Sendable>(_ body: @Sendable (any SQLSession) async throws -> Result) async throws -> Result {
        let reader = try await acquire()
        defer { release(reader) }
        let session = SQLiteSession(connection: reader.connection, executor: reader.executor)
        return try await withTaskExecutorPreference(reader.executor) {
            try await session.inTransaction(begin: "BEGIN", body)
        }
    }

    private enum Next {
        case reader(Reader)
        case open
        case wait
        case closed
    }

    private func acquire() async throws -> Reader {
        let next = state.withLock { state -> Next in
            if state.closed { return .closed }
            if let reader = state.idle.popLast() { return .reader(reader) }
            guard state.opened < capacity else { return .wait }
            state.opened += 1
            return .open
        }
        switch next {
        case .reader(let reader): return reader
        case .closed: throw StoreError.unavailable(reason: "sqlite_closed")
        case .open:
            let executor = DedicatedThreadExecutor(name: "kopi-sqlite-reader")
            do {
                let connection = try await executor.run { [path, busyTimeoutMilliseconds] in
                    try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, readOnly: true)
                }
                return Reader(connection: connection, executor: executor)
            } catch {
                executor.shutdown()
                state.withLock { $0.opened -= 1 }
                throw error
            }
        case .wait:
            let handed = await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Next in
                    if state.closed { return .closed }
                    if let reader = state.idle.popLast() { return .reader(reader) }
                    state.waiters.append(continuation)
                    return .wait
                }
                switch ready {
                case .reader(let reader): continuation.resume(returning: reader)
                case .closed: continuation.resume(returning: nil)
                default: break
                }
            }
            guard let handed else { throw StoreError.unavailable(reason: "sqlite_closed") }
            return handed
        }
    }

    private func release(_ reader: Reader) {
        let (waiter, closed) = state.withLock { state -> (CheckedContinuation<Reader?, Never>?, Bool) in
            if state.closed { return (nil, true) }
            guard state.waiters.isEmpty else { return (state.waiters.removeFirst(), false) }
            state.idle.append(reader)
            return (nil, false)
        }
        waiter?.resume(returning: reader)
        if closed { Task { await Self.close(reader) } }
    }

    private static func close(_ reader: Reader) async {
        _ = try? await reader.executor.run { reader.connection.close() }
        reader.executor.shutdown()
    }

    /// Closes the idle readers; a read still running closes its reader when it ends.
    func close() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer {
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for reader in idle { await Self.close(reader) }
    }

    /// Readers opened so far (for tests).
    var opened: Int { state.withLock { $0.opened } }
}
