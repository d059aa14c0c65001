import Application
import ServiceLifecycle

/// The process's ``Worker``s as one service of the group: they stop taking jobs on graceful
/// shutdown. One service, not one per worker, so the group's logs name it in a few words.
struct WorkerService: Service, CustomStringConvertible {
    let workers: [Worker]

    var description: String { "Workers(\(workers.count), \(workers.first?.name.prefix(8) ?? "none"))" }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for worker in workers { group.addTask { await worker.run() } }
            }
        }
    }
}
