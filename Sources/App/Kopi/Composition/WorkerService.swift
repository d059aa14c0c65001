import Application
import ServiceLifecycle

/// A ``Worker`` as a service of the group: it stops taking jobs on graceful shutdown.
struct WorkerService: Service, CustomStringConvertible {
    let worker: Worker

    var description: String { worker.description }

    func run() async throws {
        await cancelWhenGracefulShutdown { await worker.run() }
    }
}
