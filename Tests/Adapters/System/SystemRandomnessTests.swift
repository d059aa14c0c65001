import Domain
import Foundation
import Ports
import Testing

@Suite("System randomness")
struct SystemRandomnessTests {
    let randomness = SystemRandomness()

    @Test("Bytes come in the count asked for, eight at a time or not, and differ from call to call")
    func byteCounts() {
        for count in [0, 1, 7, 8, 9, 16, 33] {
            #expect(randomness.bytes(count).count == count)
        }
        let draws = Set((0..<64).map { _ in randomness.bytes(16) })
        #expect(draws.count == 64)
        // Every byte value turns up across 64 KiB; a generator stuck on part of the range would not.
        let seen = Set(randomness.bytes(1 << 16))
        #expect(seen.count == 256)
    }

    @Test("A time-ordered UUID is version 7 with the RFC 9562 variant, and starts with its millisecond")
    func timeOrderedLayout() {
        let time = Date(timeIntervalSince1970: 1_764_633_600.123)  // 2025-12-02T00:00:00.123Z
        let uuid = randomness.timeOrderedUUID(at: time)
        let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
        let millis = bytes.prefix(6).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(millis == 1_764_633_600_123)
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        let text = Identifier<Job>(uuid).description
        #expect(text.hasPrefix("019adc5b-e07b-7"), "the millisecond in hex, then the version")
    }

    @Test("Other ids stay version 4: nothing in them tells when they were made")
    func randomLayout() {
        for _ in 0..<100 {
            let bytes = withUnsafeBytes(of: randomness.uuid().uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 4)
            #expect(bytes[8] >> 6 == 0b10)
        }
    }

    @Test("Time-ordered identifiers sort by time in their text (the key stored), and stay unique within a millisecond")
    func timeOrderedSorting() {
        let start = Date(timeIntervalSince1970: 1_764_633_600)
        let times = (0..<200).map { start.addingTimeInterval(Double($0) / 100) }
        let ids = times.map { randomness.timeOrderedIdentifier(Job.self, at: $0).description }
        let byMillisecond = Dictionary(grouping: zip(times, ids), by: { $0.0 })
        for (earlier, later) in zip(times, times.dropFirst()) where earlier < later {
            let lastOfEarlier = byMillisecond[earlier]!.map(\.1).max()!
            let firstOfLater = byMillisecond[later]!.map(\.1).min()!
            #expect(lastOfEarlier < firstOfLater)
        }
        let sameMillisecond = (0..<1000).map { _ in randomness.timeOrderedIdentifier(Job.self, at: start).description }
        #expect(Set(sameMillisecond).count == 1000)
        #expect(Set(sameMillisecond.map { $0.prefix(13) }).count == 1)
    }
}
