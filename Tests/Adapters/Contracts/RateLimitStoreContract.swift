import Domain
import Foundation
import Ports
import Testing

@Suite("RateLimitStore contract")
struct RateLimitStoreContract {
    @Test(
        "A key's window starts at its first request and lasts the period; keys count apart; ended windows are purged",
        arguments: StoreKind.allCases)
    func windows(kind: StoreKind) async throws {
        try await withStorage(kind) { test async throws in
            let limits = test.storage.rateLimits
            #expect(try await limits.hit("a", period: 60, now: Fixtures.time(10)) == 1)
            #expect(try await limits.hit("a", period: 60, now: Fixtures.time(20)) == 2)
            #expect(try await limits.hit("b", period: 60, now: Fixtures.time(30)) == 1)
            #expect(try await limits.hit("a", period: 60, now: Fixtures.time(69.999)) == 3, "the window is [10, 70)")
            #expect(try await limits.hit("a", period: 60, now: Fixtures.time(70)) == 1, "a new window from 70")
            #expect(try await limits.hit("a", period: 60, now: Fixtures.time(75)) == 2)
            #expect(try await limits.purge(endedBefore: Fixtures.time(100)) == 1, "b's window ended at 90")
            #expect(try await limits.hit("b", period: 60, now: Fixtures.time(101)) == 1)
            #expect(try await limits.purge(endedBefore: Fixtures.time(100)) == 0)
        }
    }

    @Test("Concurrent hits on one key each count once", arguments: StoreKind.allCases)
    func concurrentHits(kind: StoreKind) async throws {
        try await withStorage(kind) { test async throws in
            let limits = test.storage.rateLimits
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await limits.hit("shared", period: 3600, now: Fixtures.time(5)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(counts.sorted() == Array(1...20))
        }
    }
}
