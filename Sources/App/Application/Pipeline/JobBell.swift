import Foundation
import Synchronization

/// Wakes one idle worker for each job enqueued in this process. A worker reads ``generation``
/// before looking for a job and waits with it, so a ring between the look and the wait is not
/// lost; the wait also ends after a timeout, the backstop for jobs that come due later or were
/// enqueued by another process. The backstops are kept by one ``SharedTimer``, not a timer
/// and a task group per wait.
///
/// One ring wakes one worker, the one waiting longest: waking every idle worker for one job
/// made each of the others take an empty claim, a write transaction, for nothing. A worker that
/// claimed a job looks for the next at once, so a burst is drained without more rings.
public final class JobBell: Sendable {
    private enum Waiter {
        /// Its id is taken; its continuation is not in place yet.
        case arriving
        case waiting(CheckedContinuation<Void, Never>, SharedTimer.Token)
        /// It timed out or was cancelled while arriving: it returns as soon as it is in place.
        case released
    }

    private struct State {
        var generation: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())
    /// The backstops of every wait, on one timer (also the workers' lease renewals).
    public let timer: SharedTimer

    public init(timer: SharedTimer = SharedTimer()) {
        self.timer = timer
    }

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
        let woken = state.withLock { state -> (CheckedContinuation<Void, Never>, SharedTimer.Token)? in
            state.generation &+= 1
            var oldest: (id: UInt64, continuation: CheckedContinuation<Void, Never>, token: SharedTimer.Token)?
            for (id, waiter) in state.waiters {
                guard case .waiting(let continuation, let token) = waiter, id < oldest?.id ?? .max else { continue }
                oldest = (id, continuation, token)
            }
            guard let oldest else { return nil }
            state.waiters[oldest.id] = nil
            return (oldest.continuation, oldest.token)
        }
        guard let (continuation, token) = woken else { return }
        timer.cancel(token)
        continuation.resume()
    }

    /// Returns when the bell rang after `seen`, after `timeout`, or on cancellation.
    public func wait(since seen: UInt64, timeout: Duration) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            state.waiters[state.nextWaiter] = .arriving
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let token = timer.schedule(at: .now + timeout) { [self] in release(id) }
                let resumeNow = state.withLock { state -> Bool in
                    guard state.generation == seen, case .arriving = state.waiters[id] else {
                        state.waiters[id] = nil
                        return true
                    }
                    state.waiters[id] = .waiting(continuation, token)
                    return false
                }
                if resumeNow {
                    timer.cancel(token)
                    continuation.resume()
                }
            }
        } onCancel: {
            release(id)
        }
    }

    /// Ends a wait by its backstop or its cancellation; nothing once it ended.
    private func release(_ id: UInt64) {
        let released = state.withLock { state -> (CheckedContinuation<Void, Never>, SharedTimer.Token)? in
            switch state.waiters[id] {
            case .arriving:
                state.waiters[id] = .released
                return nil
            case .waiting(let continuation, let token):
                state.waiters[id] = nil
                return (continuation, token)
            case .released, nil:
                return nil
            }
        }
        guard let (continuation, token) = released else { return }
        timer.cancel(token)
        continuation.resume()
    }
}
