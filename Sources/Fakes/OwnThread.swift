import Foundation

/// Blocking work of a test (a child process's output, its exit) run on a thread started for it.
/// Every suite shares Swift's pool, which has one thread per core: a test that blocks one of them
/// (a browser walkthrough, a `pg_dump`) stalls the suites beside it, two such tests stall them all.
public enum OwnThread {
    public static func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try body() }) }.start()
        }
    }
}
