import Synchronization

/// The deadlines of many waits, kept by one timer. `Task.sleep` arms a timer of its own for
/// each call (on Linux a dispatch source, armed through libdispatch's manager thread and fired
/// even after a cancelled sleep); a worker's backstop wait and a job's lease renewal took one
/// each per job. Here one task sleeps until the earliest deadline and fires what is due then.
///
/// A callback runs once, at or after its deadline, unless cancelled first; it must be short.
/// Callbacks due together run in the order of their deadlines.
public final class SharedTimer: Sendable {
    public struct Token: Hashable, Sendable {
        fileprivate let id: UInt64
    }

    private struct Entry {
        let deadline: ContinuousClock.Instant
        let fire: @Sendable () -> Void
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var nextID: UInt64 = 0
        /// The deadline the current driver sleeps until; nil when none runs.
        var drivenTo: ContinuousClock.Instant?
        /// A driver whose generation is not this one was superseded by an earlier deadline.
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Callbacks not yet fired nor cancelled (for tests).
    var scheduled: Int { state.withLock { $0.entries.count } }

    @discardableResult
    public func schedule(at deadline: ContinuousClock.Instant, _ fire: @escaping @Sendable () -> Void) -> Token {
        let (token, driver) = state.withLock { state -> (Token, UInt64?) in
            state.nextID &+= 1
            state.entries[state.nextID] = Entry(deadline: deadline, fire: fire)
            var driver: UInt64?
            if state.drivenTo.map({ deadline < $0 }) ?? true {
                state.generation &+= 1
                state.drivenTo = deadline
                driver = state.generation
            }
            return (Token(id: state.nextID), driver)
        }
        if let driver { Task { await drive(driver, until: deadline) } }
        return token
    }

    /// Removes the callback unless it fired already; true when it will now never fire.
    @discardableResult
    public func cancel(_ token: Token) -> Bool {
        state.withLock { $0.entries.removeValue(forKey: token.id) != nil }
    }

    /// As `Task.sleep(for:)`: returns after `duration`, throws `CancellationError` at once
    /// when the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        let sleep = Sleep()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let token = schedule(at: .now + duration) { sleep.end(nil) }
                if !sleep.begin(continuation, token: token) { cancel(token) }
            }
        } onCancel: {
            if let token = sleep.end(CancellationError()) { cancel(token) }
        }
    }

    private func drive(_ generation: UInt64, until first: ContinuousClock.Instant) async {
        var target = first
        while true {
            try? await Task.sleep(until: target, clock: .continuous)
            let now = ContinuousClock.now
            let (due, next) = state.withLock { state -> ([@Sendable () -> Void], ContinuousClock.Instant?) in
                guard state.generation == generation else { return ([], nil) }
                let due = state.entries.filter { $0.value.deadline <= now }.sorted {
                    ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key)
                }
                for (id, _) in due { state.entries[id] = nil }
                state.drivenTo = state.entries.values.map(\.deadline).min()
                return (due.map(\.value.fire), state.drivenTo)
            }
            for fire in due { fire() }
            guard let next else { return }
            target = next
        }
    }
}

/// One ``SharedTimer/sleep(for:)``: its end (the deadline or a cancellation) may come before
/// the continuation is in place, and comes once.
private final class Sleep: Sendable {
    private enum Phase {
        case starting
        case sleeping(CheckedContinuation<Void, any Error>, SharedTimer.Token)
        case ended((any Error)?)
        case done
    }

    private let phase = Mutex(Phase.starting)

    /// False when the sleep ended before it began: the continuation was resumed already.
    func begin(_ continuation: CheckedContinuation<Void, any Error>, token: SharedTimer.Token) -> Bool {
        let ended = phase.withLock { phase -> (any Error)?? in
            guard case .ended(let error) = phase else {
                phase = .sleeping(continuation, token)
                return .none
            }
            phase = .done
            return .some(error)
        }
        guard let ended else { return true }
        if let ended { continuation.resume(throwing: ended) } else { continuation.resume() }
        return false
    }

    /// Ends the sleep (nil: the deadline came) and returns its timer token, if it had begun.
    @discardableResult
    func end(_ error: (any Error)?) -> SharedTimer.Token? {
        let sleeping = phase.withLock { phase -> (CheckedContinuation<Void, any Error>, SharedTimer.Token)? in
            switch phase {
            case .starting:
                phase = .ended(error)
                return nil
            case .sleeping(let continuation, let token):
                phase = .done
                return (continuation, token)
            case .ended, .done:
                return nil
            }
        }
        guard let (continuation, token) = sleeping else { return nil }
        if let error { continuation.resume(throwing: error) } else { continuation.resume() }
        return token
    }
}
