import Foundation
import Synchronization

/// One OS thread that runs the jobs of tasks which prefer it (`withTaskExecutorPreference`).
/// SQLite's transactions run their whole body here: every `sqlite3_step` is a plain call on
/// this thread, never on Swift's cooperative pool, and a transaction of many statements costs
/// one hop in and one out instead of a hop per statement.
final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private let finished = NSCondition()
    private var running = true
    /// Set on the executor's own thread only.
    private static let current = ThreadSpecificFlag()

    init(name: String) {
        let thread = Thread { self.loop() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    /// Whether the caller runs on this executor's thread.
    var isCurrent: Bool { Self.current.isSet(for: self) }

    /// Runs `body` on the thread.
    func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        if isCurrent { return try body() }
        return try await withTaskExecutorPreference(self) {
            try await Self.onThread(body)
        }
    }

    /// Runs `body` on a thread started for it and stopped after: blocking work (a child process,
    /// a file copy) that must hold neither a thread of Swift's pool nor an event loop.
    static func runOnOwnThread<Result: Sendable>(name: String, _ body: @escaping @Sendable () throws -> Result)
        async throws -> Result
    {
        let executor = DedicatedThreadExecutor(name: name)
        defer { executor.shutdown() }
        return try await executor.run(body)
    }

    private static func onThread<Result>(_ body: () throws -> Result) async throws -> Result { try body() }

    /// Stops the thread once the jobs already enqueued have run, and waits for it, unless called
    /// on the thread itself (the caller's job is then the last one run).
    func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        guard !isCurrent else { return }
        finished.lock()
        while running { finished.wait() }
        finished.unlock()
    }

    private func loop() {
        Self.current.set(self)
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                break
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: executor) }
        }
        finished.lock()
        running = false
        finished.broadcast()
        finished.unlock()
    }
}

/// A per-thread marker of which executor owns the thread.
private final class ThreadSpecificFlag: @unchecked Sendable {
    private let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    func set(_ owner: AnyObject) { pthread_setspecific(key, Unmanaged.passUnretained(owner).toOpaque()) }

    func isSet(for owner: AnyObject) -> Bool {
        pthread_getspecific(key) == UnsafeMutableRawPointer(Unmanaged.passUnretained(owner).toOpaque())
    }
}
