import NIOPosix

/// Runs blocking C calls (PQexecParams, curl_easy_perform) on dedicated threads,
/// never on Swift's cooperative pool, where a blocked thread would starve every other task.
public final class BlockingExecutor: Sendable {
    private let pool: NIOThreadPool

    public init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
    }

    func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await pool.runIfActive(body)
    }

    public func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}
