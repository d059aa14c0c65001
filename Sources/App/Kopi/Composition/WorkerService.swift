import Application
import ServiceLifecycle

/// The process's ``Worker``s as one service of the group: they stop taking jobs on graceful
/// shutdown. One service, not one per worker, so the group's logs name it in a few words.
struct WorkerService: Service, CustomStringConvertible {
    let workers: [Worker]

    var description: String { "Workers(\(workers.count), \(workers.first?.name.prefix(8) ?? "none"))" }

    func run() async throws {
        guard !workers.isEmpty else {
            // An ingest-only instance (`KOPI_WORKERS=0`): nothing to run, but a service that
            // returns early stops the whole group.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for worker in workers { group.addTask { await worker.run() } }
            }
        }
    }
}
