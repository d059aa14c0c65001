import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// The process entry. Before any task exists, NIO's event loops become Swift Concurrency's
/// global executor: a request's handler then runs on the loop that read it, not on a pool thread
/// woken for it, and its answer is written without a hop back. Nothing that blocks runs on the
/// global executor: SQLite, libpq and libcurl calls have threads of their own.
@main
enum KopiMain {
    static func main() {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        Task {
            await KopiCommand.main()
            exit(0)
        }
        dispatchMain()
    }
}
