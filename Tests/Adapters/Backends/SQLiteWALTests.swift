import Foundation
import Synchronization
import Testing

@testable import Adapters

@Suite("SQLite WAL")
struct SQLiteWALTests {
    @Test("Under commits without a pause the WAL is started again and stays short; every row is kept")
    func boundedUnderSteadyCommits() async throws {
        // The baseline never checkpoints (its first pass would come after an hour), so its file
        // holds every frame written, about 90 MiB, whatever the machine's load. (A baseline with
        // passive passes and no restarts depended on timing: where the writer's pauses let a pass
        // finish, SQLite started the WAL again by itself, and the file stopped at 34 MiB on CI.)
        let unbounded = try await largestWAL(
            policy: .init(interval: .seconds(3600), restartFrames: .max, smallRest: 32, catchUpPasses: 6))
        let bounded = try await largestWAL(
            policy: .init(interval: .milliseconds(50), restartFrames: 256, smallRest: 32, catchUpPasses: 6))
        // With restarts the file stops growing at what a few passes' worth of commits adds past
        // 1 MiB, however long the run.
        #expect(unbounded > 60 << 20)
        #expect(bounded * 2 < unbounded, "largest WAL \(bounded) bytes against \(unbounded) without restarts")
    }

    /// Commits 1,200 transactions of 16 random-key rows back to back and answers the largest size
    /// the WAL file reached, after checking that every row is there and the file is sound.
    private func largestWAL(policy: SQLiteCheckpointer.Policy) async throws -> Int {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-wal-\(UUID().uuidString).db")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try await SQLiteDatabase.open(path: path, busyTimeoutMilliseconds: 5000, checkpoints: policy)
        try await database.transaction {
            try await $0.execute("CREATE TABLE rows (id BLOB PRIMARY KEY, body BLOB)", [])
        }
        let done = Atomic(false)
        let writer = Task {
            defer { done.store(true, ordering: .releasing) }
            for index in 0..<1200 {
                // A millisecond's pause every hundred commits: under a loaded CI machine the
                // checkpointer's thread still gets scheduled; without restarts the WAL still keeps every frame.
                if index % 100 == 99 { try await Task.sleep(for: .milliseconds(1)) }
                try await database.transaction { session in
                    for _ in 0..<16 {
                        let id = (0..<16).map { _ in UInt8.random(in: 0...255) }
                        try await session.execute(
                            "INSERT INTO rows VALUES ($1, $2)", [.blob(id), .blob(Array(repeating: 7, count: 800))])
                    }
                }
            }
        }
        var largest = 0
        while !done.load(ordering: .acquiring) {
            let size = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
            largest = max(largest, size ?? 0)
            try await Task.sleep(for: .milliseconds(5))
        }
        try await writer.value
        let rows = try await database.transaction { try await $0.query("SELECT count(*) AS n FROM rows", []) }
        #expect(try rows.first?.integer("n") == 19200)
        let check = try await database.transaction { try await $0.query("PRAGMA integrity_check", []) }
        #expect(try check.first?.text("integrity_check") == "ok")
        await database.close()
        return largest
    }
}
