import Synchronization

/// Bounds the calls in flight to one service and lets an answer from it hold every call back:
/// at most `limit` callers hold a permit at once (the rest wait in arrival order), and after
/// ``pause(for:)`` (a 429 with `retry-after`) a caller that gets a permit waits out the pause
/// before it calls.
public final class RequestGate: Sendable {
    public let limit: Int
    private struct State {
        var available: Int
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
        var pausedUntil: ContinuousClock.Instant?
        var inFlight = 0
        var peakInFlight = 0
    }
    private let state: Mutex<State>

    public init(limit: Int) {
        self.limit = max(1, limit)
        state = Mutex(State(available: max(1, limit)))
    }

    /// Runs `body` holding a permit, after any pause in force.
    public func withPermit<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await acquire()
        defer { release() }
        while let until = state.withLock({ $0.pausedUntil }), until > .now {
            try await Task.sleep(until: until, clock: .continuous)
        }
        state.withLock {
            $0.inFlight += 1
            $0.peakInFlight = max($0.peakInFlight, $0.inFlight)
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        return try await body()
    }

    /// Holds every call back for `duration` from now (never shortens a pause in force).
    public func pause(for duration: Duration) {
        let until = ContinuousClock.now + duration
        state.withLock { state in
            if state.pausedUntil.map({ $0 < until }) ?? true { state.pausedUntil = until }
        }
    }

    /// The most calls that were ever in flight at once.
    public var peakInFlight: Int { state.withLock { $0.peakInFlight } }

    private func acquire() async throws {
        let id = state.withLock { state -> UInt64? in
            if state.available > 0 {
                state.available -= 1
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let cancelled = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.waiters.append((id, continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
