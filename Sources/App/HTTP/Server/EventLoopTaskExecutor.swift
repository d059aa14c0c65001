import NIOCore

/// Runs the jobs of the tasks that prefer it on one NIO event loop. A connection's task that
/// prefers its channel's loop reads, answers and writes there: when a database thread resumes it,
/// it comes back to that loop, not to whichever loop the global executor picks, so its response
/// is written without another hop between threads.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // On the loop itself `execute` only queues the job; from another thread it wakes the loop.
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
