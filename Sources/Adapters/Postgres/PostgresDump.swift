import Foundation
import KopiCLibPQ

/// Where `kopi backup` and `kopi restore` reach Postgres: a role that reads every workspace's
/// rows (row-level security would hide them from any other), and the folder of `pg_dump`.
public struct PostgresTools: Sendable {
    /// A superuser or BYPASSRLS role, with Kopi's schema on its search path.
    public var url: String
    /// Folder holding `pg_dump` and `pg_restore`; nil searches `PATH`, then Debian's
    /// `/usr/lib/postgresql/<version>/bin`, newest first.
    public var binaries: String?

    public init(url: String, binaries: String? = nil) {
        self.url = url
        self.binaries = binaries
    }
}

/// `pg_dump` of Kopi's schema (custom format: tables, row-level security policies, grants to
/// the runtime role, data) and `pg_restore` of it in one transaction. Roles live outside a
/// database: the owner and runtime roles must exist where a dump is restored.
enum PostgresDump {
    static func backup(_ tools: PostgresTools, to path: String) async throws -> BackupSummary {
        let state = try await inspect(tools.url)
        guard state.hasKopi else { throw BackupError.notKopi(DatabaseLocation.postgres(url: tools.url).description) }
        guard state.readsEveryRow else { throw BackupError.cannotReadEveryRow(role: state.role) }
        let partial = path + ".partial-\(getpid())"
        do {
            try await run(
                "pg_dump", tools,
                ["--format=custom", "--no-password", "--schema=\"\(state.schema)\"", "--file=\(partial)"])
            guard rename(partial, path) == 0 else {
                throw BackupError.toolFailed(tool: "rename", status: errno, message: path)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        return BackupSummary(bytes: fileSize(path), schemaVersion: state.version, workspaces: state.workspaces)
    }

    static func restore(_ tools: PostgresTools, from path: String) async throws -> BackupSummary {
        let contents = try DumpContents(listing: try await run("pg_restore", tools, ["--list", path]), path: path)
        let version = try await dumpedSchemaVersion(tools, path: path)
        let known = Schema.migrations(for: .postgres).count
        guard version <= known else { throw BackupError.newerSchema(found: version, known: known) }
        let before = try await inspect(tools.url, schema: contents.schema)
        guard !before.hasKopi else { throw BackupError.targetNotEmpty }
        var arguments = [
            "--single-transaction", "--exit-on-error", "--no-password",
            "--dbname=\(settings(tools.url).first { $0.keyword == "dbname" }?.value ?? "")",
        ]
        // A schema that exists already (`public` in every new database) is not created again.
        let list = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kopi-restore-\(UUID().uuidString).list")
        defer { try? FileManager.default.removeItem(at: list) }
        if before.schemaExists {
            try contents.listing(skippingCreationOf: contents.schema).write(to: list, atomically: true, encoding: .utf8)
            arguments.append("--use-list=\(list.path)")
        }
        try await run("pg_restore", tools, arguments + [path])
        let after = try await inspect(tools.url, schema: contents.schema)
        return BackupSummary(bytes: fileSize(path), schemaVersion: after.version, workspaces: after.workspaces)
    }

    /// The latest migration recorded in the dump's `kopi_migrations` rows, read without restoring.
    private static func dumpedSchemaVersion(_ tools: PostgresTools, path: String) async throws -> Int {
        let script = try await run("pg_restore", tools, ["--data-only", "--table=kopi_migrations", "--file=-", path])
        var versions: [Int] = []
        var inCopy = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("COPY ") {
                inCopy = true
            } else if line == "\\." {
                inCopy = false
            } else if inCopy, let version = line.split(separator: "\t").first.flatMap({ Int($0) }) {
                versions.append(version)
            }
        }
        return versions.max() ?? 0
    }

    private struct State: Sendable {
        var schema: String
        var role: String
        var readsEveryRow: Bool
        var schemaExists: Bool
        var hasKopi: Bool
        var version = 0
        var workspaces = 0
    }

    /// Kopi's schema at `url`: the one named, else the first on the search path.
    private static func inspect(_ url: String, schema: String? = nil) async throws -> State {
        let database = PostgresDatabase(conninfo: url, maxConnections: 1)
        do {
            let state = try await database.transaction { session in
                guard
                    let row = try await session.query(
                        """
                        SELECT s.name AS schema, current_user AS role,
                          (SELECT CASE WHEN rolsuper OR rolbypassrls THEN 1 ELSE 0 END FROM pg_roles
                            WHERE rolname = current_user) AS bypass,
                          (SELECT count(*) FROM pg_namespace WHERE nspname = s.name) AS present,
                          CASE WHEN to_regclass(format('%I.kopi_migrations', s.name)) IS NULL THEN 0 ELSE 1 END AS kopi
                        FROM (SELECT coalesce($1, current_schema(), 'public') AS name) s
                        """, [schema.map { .text($0) } ?? .null]
                    ).first
                else { throw BackupError.notKopi(url) }
                var state = State(
                    schema: try row.text("schema"), role: try row.text("role"),
                    readsEveryRow: try row.integer("bypass") == 1, schemaExists: try row.integer("present") > 0,
                    hasKopi: try row.integer("kopi") == 1)
                guard state.hasKopi, state.readsEveryRow else { return state }
                let qualified = "\"\(state.schema.replacingOccurrences(of: "\"", with: "\"\""))\""
                state.version = Int(
                    try await session.query(
                        "SELECT coalesce(max(version), 0) AS v FROM \(qualified).kopi_migrations", []
                    ).first?.integer("v") ?? 0)
                state.workspaces = Int(
                    try await session.query("SELECT count(*) AS n FROM \(qualified).tenants", []).first?.integer("n")
                        ?? 0)
                return state
            }
            await database.close()
            return state
        } catch {
            await database.close()
            throw error
        }
    }

    /// Runs a Postgres client tool with the connection in its `PG*` environment variables, so no
    /// password appears in a process listing; returns its standard output.
    @discardableResult
    private static func run(_ tool: String, _ tools: PostgresTools, _ arguments: [String]) async throws -> String {
        let executable = try locate(tool, in: tools.binaries)
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in connectionEnvironment(tools.url) { environment[name] = value }
        return try await DedicatedThreadExecutor.runOnOwnThread(name: "kopi-\(tool)") { [environment] in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.environment = environment
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // Drained before waiting, so a tool that writes more than a pipe holds cannot block.
            let errorsRead = DispatchGroup()
            nonisolated(unsafe) var errorText = Data()
            DispatchQueue.global().async(group: errorsRead) {
                errorText = errors.fileHandleForReading.readDataToEndOfFile()
            }
            let outputText = output.fileHandleForReading.readDataToEndOfFile()
            errorsRead.wait()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                let message = String(decoding: errorText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                throw BackupError.toolFailed(tool: tool, status: process.terminationStatus, message: message)
            }
            return String(decoding: outputText, as: UTF8.self)
        }
    }

    static func locate(_ tool: String, in folder: String?) throws -> String {
        let manager = FileManager.default
        if let folder {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(tool).path
            guard manager.isExecutableFile(atPath: path) else { throw BackupError.toolMissing(path) }
            return path
        }
        let searchPath = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let debian = ((try? manager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        for candidate in (searchPath + debian).map({ "\($0)/\(tool)" })
        where manager.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw BackupError.toolMissing(tool)
    }

    /// The URL's settings as libpq's environment variables (`PGHOST`, `PGPASSWORD`, `PGOPTIONS`…).
    static func connectionEnvironment(_ url: String) -> [String: String] {
        Dictionary(settings(url).compactMap { setting in setting.environment.map { ($0, setting.value) } }) { $1 }
    }

    /// Every setting a connection URL gives, by libpq keyword and environment variable.
    private static func settings(_ url: String) -> [(keyword: String, environment: String?, value: String)] {
        guard let options = PQconninfoParse(url, nil) else { return [] }
        defer { PQconninfoFree(options) }
        var settings: [(keyword: String, environment: String?, value: String)] = []
        var cursor = options
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val {
                settings.append(
                    (
                        String(cString: keyword), cursor.pointee.envvar.map { String(cString: $0) },
                        String(cString: value)
                    ))
            }
            cursor += 1
        }
        return settings
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
