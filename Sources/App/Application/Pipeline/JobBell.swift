import Foundation
import Synchronization

/// Wakes one idle worker for each job enqueued in this process. A worker reads ``generation``
/// before looking for a job and waits with it, so a ring between the look and the wait is not
/// lost; the wait also ends after a timeout, the backstop for jobs that come due later or were
/// enqueued by another process.
///
/// One ring wakes one worker, the one waiting longest: waking every idle worker for one job
/// made each of the others take an empty claim, a write transaction, for nothing. A worker that
/// claimed a job looks for the next at once, so a burst is drained without more rings.
public final class JobBell: Sendable {
    private enum Waiter {
        case waiting(CheckedContinuation<Void, Never>)
        case abandoned
    }

    private struct State {
        var generation: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Workers waiting now (for tests).
    var waiting: Int {
        state.withLock { state in
            state.waiters.values.filter {
                if case .waiting = $0 { return true }
                return false
            }.count
        }
    }

    /// Wakes the longest-waiting worker, if one waits.
    public func ring() {
        let woken = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.generation &+= 1
            var oldest: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
            for (id, waiter) in state.waiters {
                guard case .waiting(let continuation) = waiter, id < oldest?.id ?? .max else { continue }
                oldest = (id, continuation)
            }
            guard let oldest else { return nil }
            state.waiters[oldest.id] = nil
            return oldest.continuation
        }
        woken?.resume()
    }

    /// Returns when the bell rang after `seen`, after `timeout`, or on cancellation.
    public func wait(since seen: UInt64, timeout: Duration) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask {
                await withCheckedContinuation { continuation in
                    let resumeNow = self.state.withLock { state -> Bool in
                        if state.generation != seen { return true }
                        if case .abandoned = state.waiters[id] {
                            state.waiters[id] = nil
                            return true
                        }
                        state.waiters[id] = .waiting(continuation)
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
            await group.next()
            group.cancelAll()
            let pending = state.withLock { state -> CheckedContinuation<Void, Never>? in
                switch state.waiters[id] {
                case .waiting(let continuation):
                    state.waiters[id] = nil
                    return continuation
                case .abandoned, nil:
                    state.waiters[id] = .abandoned
                    return nil
                }
            }
            pending?.resume()
        }
        // A waiter that registered nothing leaves no trace behind.
        state.withLock { state in
            if case .abandoned = state.waiters[id] { state.waiters[id] = nil }
        }
    }
}
