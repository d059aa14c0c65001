import Foundation
import Synchronization

/// Wakes idle workers when a job is enqueued in this process. A worker reads ``generation``
/// before looking for a job and waits with it, so a ring between the look and the wait is not
/// lost; the wait also ends after a timeout, the backstop for jobs that come due later or were
/// enqueued by another process.
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

    public func ring() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            let waiting = state.waiters.values.compactMap { waiter -> CheckedContinuation<Void, Never>? in
                if case .waiting(let continuation) = waiter { return continuation }
                return nil
            }
            state.waiters.removeAll()
            return waiting
        }
        for continuation in woken { continuation.resume() }
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
