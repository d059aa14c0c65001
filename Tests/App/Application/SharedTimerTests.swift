import Foundation
import Synchronization
import Testing

@testable import Application

/// The one timer behind the workers' backstops and lease renewals (``SharedTimer``).
@Suite("Shared timer")
struct SharedTimerTests {
    /// Names of the callbacks that fired, in order, with the time each fired.
    final class Fired: Sendable {
        private let entries = Mutex<[(String, ContinuousClock.Instant)]>([])
        func append(_ name: String) { entries.withLock { $0.append((name, .now)) } }
        var names: [String] { entries.withLock { $0.map(\.0) } }
        func time(_ name: String) -> ContinuousClock.Instant? { entries.withLock { $0.first { $0.0 == name }?.1 } }
    }

    static func until(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test("Callbacks fire once each, in deadline order, never before it; an earlier one scheduled later goes first")
    func order() async throws {
        let timer = SharedTimer()
        let fired = Fired()
        let start = ContinuousClock.now
        // Far enough out that the others fire only if the timer stops waiting for it.
        let late = timer.schedule(at: start + .seconds(600)) { fired.append("late") }
        timer.schedule(at: start + .milliseconds(150)) { fired.append("middle") }
        // Earlier than the deadline the timer is already waiting for.
        timer.schedule(at: start + .milliseconds(40)) { fired.append("early") }
        let cancelled = timer.schedule(at: start + .milliseconds(100)) { fired.append("cancelled") }
        #expect(timer.cancel(cancelled))
        #expect(timer.scheduled == 3)
        try await Self.until { fired.names.count == 2 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(
            fired.names == ["early", "middle"],
            "the earlier deadlines did not wait for the one the timer was already waiting for")
        for (name, offset) in [("early", 40), ("middle", 150)] {
            #expect(try #require(fired.time(name)) >= start + .milliseconds(offset), "\(name) fired early")
        }
        #expect(timer.scheduled == 1)
        #expect(timer.cancel(late))
        #expect(timer.scheduled == 0)
        #expect(!timer.cancel(cancelled), "a cancelled callback is cancelled once")
    }

    @Test("A callback whose deadline has passed fires at once; the timer starts again after falling idle")
    func pastAndIdle() async throws {
        let timer = SharedTimer()
        let fired = Fired()
        timer.schedule(at: .now - .seconds(1)) { fired.append("past") }
        try await Self.until { fired.names == ["past"] }
        #expect(fired.names == ["past"])
        try await Task.sleep(for: .milliseconds(50))
        timer.schedule(at: .now + .milliseconds(20)) { fired.append("again") }
        try await Self.until { fired.names.count == 2 }
        #expect(fired.names == ["past", "again"])
    }

    @Test("A sleep lasts its duration; a cancelled one ends at once, throwing, and leaves nothing scheduled")
    func sleeps() async throws {
        let timer = SharedTimer()
        let start = ContinuousClock.now
        try await timer.sleep(for: .milliseconds(60))
        #expect(ContinuousClock.now - start >= .milliseconds(60))

        let long = Task { try await timer.sleep(for: .seconds(600)) }
        try await Self.until { timer.scheduled == 1 }
        let cancelledAt = ContinuousClock.now
        long.cancel()
        await #expect(throws: CancellationError.self) { try await long.value }
        #expect(ContinuousClock.now - cancelledAt < .seconds(10))
        #expect(timer.scheduled == 0)

        let alreadyCancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await timer.sleep(for: .seconds(600))
        }
        await #expect(throws: CancellationError.self) { try await alreadyCancelled.value }
        #expect(timer.scheduled == 0)
    }

    @Test("Many sleeps at once all end, on one timer")
    func manySleeps() async throws {
        let timer = SharedTimer()
        let ended = Fired()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await timer.sleep(for: .milliseconds(10 + index % 50))
                    ended.append("sleep \(index)")
                }
            }
            try await group.waitForAll()
        }
        #expect(ended.names.count == 200)
        #expect(timer.scheduled == 0)
    }

    @Test("A cancelled bell waiter returns at once and leaves no waiter and no backstop behind")
    func cancelledWaiter() async throws {
        let bell = JobBell()
        let waiter = Task { await bell.wait(since: bell.generation, timeout: .seconds(600)) }
        try await Self.until { bell.waiting == 1 }
        #expect(bell.timer.scheduled == 1)
        let cancelledAt = ContinuousClock.now
        waiter.cancel()
        await waiter.value
        #expect(ContinuousClock.now - cancelledAt < .seconds(10))
        #expect(bell.waiting == 0 && bell.timer.scheduled == 0)

        // Rung and timed-out waits leave nothing behind either.
        let rung = Task { await bell.wait(since: bell.generation, timeout: .seconds(600)) }
        try await Self.until { bell.waiting == 1 }
        bell.ring()
        await rung.value
        await bell.wait(since: bell.generation, timeout: .milliseconds(10))
        #expect(bell.waiting == 0 && bell.timer.scheduled == 0)
    }
}
