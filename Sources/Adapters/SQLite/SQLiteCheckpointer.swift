/// Moves the WAL's pages into the database file from a connection and thread of its own, so the
/// writer's commits never wait for a checkpoint's copying. The writer's automatic checkpoint is
/// turned off; this one runs a PASSIVE checkpoint (which never blocks readers or the writer)
/// every ``Policy/interval``.
///
/// The WAL starts again from its first frame only when a write begins with every frame already
/// copied. Under a steady stream of commits a passive pass never gets there (frames arrive while
/// it copies), and the file would grow without bound. So once the WAL holds ``Policy/restartFrames``,
/// passes follow each other until few frames arrive during one (copying is far faster than
/// appending), and a last pass runs while the writer's lock is held: the writer waits for
/// that short pass only, and its next commit writes the WAL from the start again.
final class SQLiteCheckpointer: Sendable {
    /// When passes run and when the WAL is started again.
    struct Policy: Sendable {
        var interval: Duration = .milliseconds(500)
        /// About 64 MiB of 4 KiB pages: at 1,000 pushes a second, a restart every few seconds.
        var restartFrames: Int64 = 16384
        /// Frames the writer may wait to see copied: about a millisecond's work.
        var smallRest: Int64 = 256
        var catchUpPasses = 6

        static let standard = Policy()
    }

    /// A WAL restarted by the writer keeps up to this much of its file; the rest is given back.
    /// Under heavy ingest the WAL reaches 140 to 170 MiB between restarts, and every page the
    /// file grows by costs the kernel a block to allocate and zero: with a 96 MiB limit, 11 %
    /// fewer new pushes a second (the writer thread spent 18 % of its time zeroing pages).
    static let journalSizeLimit = 256 << 20

    private let task: Task<Void, Never>
    private let executor: DedicatedThreadExecutor

    private init(task: Task<Void, Never>, executor: DedicatedThreadExecutor) {
        self.task = task
        self.executor = executor
    }

    /// `writerLock` is the lock every write transaction holds.
    static func start(
        path: String, busyTimeoutMilliseconds: Int32, writerLock: AsyncSerialLock, policy: Policy
    ) async throws -> SQLiteCheckpointer {
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
                try? await Task.sleep(for: policy.interval)
                try? await checkpoint(connection, executor: executor, writerLock: writerLock, policy: policy)
            }
            _ = try? await executor.run { connection.close() }
        }
        return SQLiteCheckpointer(task: task, executor: executor)
    }

    /// One passive pass and, when the WAL has grown long, the catch-up and the restart.
    private static func checkpoint(
        _ connection: SQLiteConnection, executor: DedicatedThreadExecutor, writerLock: AsyncSerialLock, policy: Policy
    ) async throws {
        let restart = try await executor.run {
            var frames = try walFrames(after: connection)
            guard frames >= policy.restartFrames else { return false }
            // Passes while they shrink what arrives meanwhile, until it is small.
            var arrived = Int64.max
            for _ in 0..<policy.catchUpPasses {
                let next = try walFrames(after: connection)
                let previous = arrived
                (arrived, frames) = (next - frames, next)
                if arrived <= policy.smallRest || arrived >= previous { break }
            }
            return true
        }
        guard restart else { return }
        try await writerLock.withLock { _ = try await executor.run { try walFrames(after: connection) } }
    }

    /// Runs a passive checkpoint and answers the frames the WAL held when it began (all of them
    /// copied unless another checkpoint was running or a reader holds an older snapshot).
    private static func walFrames(after connection: SQLiteConnection) throws -> Int64 {
        let row = try connection.query("PRAGMA wal_checkpoint(PASSIVE)", []).first
        return (try row?.integer("log")) ?? 0
    }

    func stop() async {
        task.cancel()
        await task.value
        executor.shutdown()
    }
}
