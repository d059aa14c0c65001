import Domain
import Foundation
import Ports
import Testing

@testable import Adapters

@Suite("SQLite behaviour")
struct SQLiteBehaviourTests {
    @Test("A database locked by another process is waited for up to the busy timeout")
    func waitsForLock() async throws {
        try await withStorage(.sqlite, busyTimeoutMilliseconds: 5000) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let other = try SQLiteConnection(path: try #require(test.sqlitePath), busyTimeoutMilliseconds: 100)
            try other.execute("BEGIN EXCLUSIVE", [])
            let storage = test.storage
            let write = Task {
                try await storage.withTenant(tenant.id) { try await $0.approvals.saveFlow(Fixtures.flow(tenant.id)) }
            }
            try await Task.sleep(for: .milliseconds(300))
            try other.execute("COMMIT", [])
            try await write.value
            #expect(try await storage.withTenant(tenant.id) { try await $0.approvals.flows() }.count == 1)
            other.close()
        }
    }

    @Test("A lock held beyond the busy timeout is a typed unavailable error, and nothing is half-written")
    func busyTimeout() async throws {
        try await withStorage(.sqlite, busyTimeoutMilliseconds: 150) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let other = try SQLiteConnection(path: try #require(test.sqlitePath), busyTimeoutMilliseconds: 100)
            try other.execute("BEGIN EXCLUSIVE", [])
            await #expect(throws: StoreError.unavailable(reason: "sqlite_busy")) {
                try await test.storage.withTenant(tenant.id) {
                    try await $0.approvals.saveFlow(Fixtures.flow(tenant.id))
                }
            }
            try other.execute("ROLLBACK", [])
            other.close()
            #expect(try await test.storage.withTenant(tenant.id) { try await $0.approvals.flows() }.isEmpty)
        }
    }

    @Test("What was committed is on disk before the call returns: a second process sees it without a clean shutdown")
    func durableAtCommit() async throws {
        try await withStorage(.sqlite) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let path = try #require(test.sqlitePath)
            // Copy the files as they are now, as a kill would leave them, and open the copy.
            let copy = path + "-crash-copy.db"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
            }
            let reopened = try await StorageFactory.open(.sqlite(path: copy), sealer: testSealer)
            #expect(try await reopened.directory.tenant(id: tenant.id) == tenant)
            await reopened.close()
        }
    }

    @Test("A cached statement reads its columns by name, and a schema change gives `SELECT *` the new columns")
    func cachedColumns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-columns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let connection = try SQLiteConnection(
            path: folder.appendingPathComponent("c.db").path, busyTimeoutMilliseconds: 100)
        defer { connection.close() }
        try connection.execute("CREATE TABLE t (a TEXT, b INTEGER)", [])
        try connection.execute("INSERT INTO t VALUES ($1, $2)", [.text("first"), .integer(1)])
        let before = try #require(try connection.query("SELECT * FROM t", []).first)
        #expect(try before.text("a") == "first" && before.integer("b") == 1)
        try connection.execute("ALTER TABLE t ADD COLUMN c TEXT", [])
        try connection.execute("UPDATE t SET c = $1", [.text("added")])
        let after = try #require(try connection.query("SELECT * FROM t", []).first)
        #expect(try after.text("c") == "added")
        #expect(try after.text("a") == "first" && after.integer("b") == 1)
    }

    @Test("Placeholders are rewritten to SQLite's numbered form, never inside quotes")
    func placeholders() {
        #expect(
            SQLiteConnection.sqliteSyntax("SELECT * FROM t WHERE a = $1 AND b = $12")
                == "SELECT * FROM t WHERE a = ?1 AND b = ?12")
        #expect(
            SQLiteConnection.sqliteSyntax("SELECT json_extract(x, '$.code'), '$1' FROM t WHERE a = $1")
                == "SELECT json_extract(x, '$.code'), '$1' FROM t WHERE a = ?1")
    }
}
