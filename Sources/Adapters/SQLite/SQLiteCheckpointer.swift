/// Moves the WAL's pages into the database file from a connection and thread of its own, so the
/// writer's commits never wait for a checkpoint's `fsync`. The writer's automatic checkpoint is
/// turned off; this one runs a PASSIVE checkpoint (which never blocks readers or the writer)
/// every ``interval``, and the WAL file is cut back to ``journalSizeLimit`` when it restarts.
final class SQLiteCheckpointer: Sendable {
    static let interval: Duration = .milliseconds(500)
    static let journalSizeLimit = 64 << 20

    private let task: Task<Void, Never>
    private let executor: DedicatedThreadExecutor

    private init(task: Task<Void, Never>, executor: DedicatedThreadExecutor) {
        self.task = task
        self.executor = executor
    }

    static func start(path: String, busyTimeoutMilliseconds: Int32) async throws -> SQLiteCheckpointer {
        let executor = DedicatedThreadExecutor(name: "kopi-sqlite-checkpoint")
        let connection: SQLiteConnection
        do {
            connection = try await executor.run {
                let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
                _ = try connection.query("PRAGMA journal_size_limit = \(journalSizeLimit)", [])
                return connection
            }
        } catch {
            executor.shutdown()
            throw error
        }
        let task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                _ = try? await executor.run { try connection.query("PRAGMA wal_checkpoint(PASSIVE)", []) }
            }
            _ = try? await executor.run { connection.close() }
        }
        return SQLiteCheckpointer(task: task, executor: executor)
    }

    func stop() async {
        task.cancel()
        await task.value
        executor.shutdown()
    }
}
