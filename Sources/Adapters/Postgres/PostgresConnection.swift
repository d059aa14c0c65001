import Foundation
import KopiCLibPQ
import Ports

/// One libpq connection.
///
/// `@unchecked Sendable` because it has one user at a time: the ``PostgresConnectionPool`` lends
/// it to a single transaction, and every libpq call runs on its own ``thread``, one at a time.
final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Set once libpq reports the connection dead; the pool then drops it.
    private(set) var isBroken = false
    /// Round trips to the server so far (for tests: what a transaction costs).
    private(set) var roundTrips = 0
    /// The thread every call on this connection runs on: a transaction runs its whole body there
    /// (`withTaskExecutorPreference`), so its statements are plain calls, not a hop each.
    let thread: DedicatedThreadExecutor

    init(conninfo: String, thread: DedicatedThreadExecutor) throws {
        self.thread = thread
        guard let conn = PQconnectdb(conninfo) else { throw StoreError.unavailable(reason: "postgres_out_of_memory") }
        guard PQstatus(conn) == CONNECTION_OK else {
            PQfinish(conn)
            throw StoreError.unavailable(reason: "postgres_connect_failed")
        }
        // libpq prints server NOTICEs to stderr by default; Kopi has nothing to show there.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        handle = conn
    }

    /// libpq's own message for a failed connection attempt, for start-up diagnostics only.
    static func connectionProblem(conninfo: String) -> String? {
        guard let conn = PQconnectdb(conninfo) else { return "out of memory" }
        defer { PQfinish(conn) }
        guard PQstatus(conn) != CONNECTION_OK else { return nil }
        return String(cString: PQerrorMessage(conn)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit { PQfinish(handle) }

    typealias Outcome = (rows: [SQLRow], changed: Int, status: String)

    func query(_ sql: String, _ binds: [SQLValue]) throws -> Outcome {
        if let deferredFailure { throw deferredFailure }
        if pendingBegin != nil || !deferredWrites.isEmpty { return try pipelined(sql, binds, guarded: false) }
        let name = try preparedName(sql, binds)
        roundTrips += 1
        let result = withParameters(binds) { count, types, values, lengths, formats in
            if let name {
                PQexecPrepared(handle, name, count, values, lengths, formats, 0)
            } else {
                PQexecParams(handle, sql, count, types, values, lengths, formats, 0)
            }
        }
        return try outcome(of: result)
    }

    /// Statements this connection prepared, by SQL and parameter types: Postgres parses and plans
    /// each once per connection instead of on every call.
    private var prepared: [String: String] = [:]
    private var preparedSoFar = 0
    static let maximumPrepared = 512

    /// The name of the statement prepared for `sql` with these parameter types, preparing it now
    /// if needed; nil for SQL run once (no parameters) or when the connection holds its maximum.
    private func preparedName(_ sql: String, _ binds: [SQLValue]) throws -> String? {
        guard !binds.isEmpty else { return nil }
        let key = binds.map(\.postgresTypeTag).joined() + ":" + sql
        if let name = prepared[key] { return name }
        guard prepared.count < Self.maximumPrepared else { return nil }
        preparedSoFar += 1
        let name = "kopi_\(preparedSoFar)"
        let types = binds.map(\.postgresType)
        roundTrips += 1
        guard let result = PQprepare(handle, name, sql, Int32(types.count), types) else {
            markIfBroken()
            throw StoreError.unavailable(reason: "postgres_no_result")
        }
        _ = try outcome(of: result)
        prepared[key] = name
        return name
    }

    /// A transaction's BEGIN and row-level-security settings, not sent yet: they go out in one
    /// pipeline with its first statement, so opening a transaction costs no round trip of its own.
    private var pendingBegin: (settings: [(String, String)], readOnly: Bool)?
    /// Whether Postgres confirmed the current transaction's BEGIN. Until it has, nothing ran in
    /// it, so a transaction whose connection turns out dead may be run again on another.
    private(set) var transactionConfirmed = false

    /// Writes of the open transaction not sent yet (``deferWrite(_:_:)``), in order.
    private var deferredWrites: [(sql: String, binds: [SQLValue])] = []
    /// Why a deferred write failed: the transaction can no longer commit, and each later
    /// statement of it fails with this, so a caller that catches one failure cannot commit past it.
    private var deferredFailure: StoreError?
    private var inTransaction = false

    /// Opens a transaction with the first statement that follows (``pipelined(_:_:guarded:)``).
    func deferBegin(settings: [(String, String)], readOnly: Bool = false) {
        pendingBegin = (settings, readOnly)
        transactionConfirmed = false
        inTransaction = true
        deferredWrites = []
        deferredFailure = nil
    }

    /// A write of the open transaction whose outcome nobody reads: it goes out in the pipeline of
    /// the transaction's next statement or of its COMMIT, in order, without a round trip of its
    /// own. Outside a transaction it runs at once.
    func deferWrite(_ sql: String, _ binds: [SQLValue]) throws {
        if let deferredFailure { throw deferredFailure }
        guard inTransaction else {
            _ = try query(sql, binds)
            return
        }
        deferredWrites.append((sql, binds))
    }

    /// Commits, with the deferred writes if any; returns Postgres' status ("ROLLBACK" for a
    /// transaction it had aborted). A transaction that sent nothing was never opened.
    func commit() throws -> String {
        defer { inTransaction = false }
        if let deferredFailure { throw deferredFailure }
        if deferredWrites.isEmpty, dropPendingBegin() { return "COMMIT" }
        return try query("COMMIT", []).status
    }

    /// Rolls back what was sent; what was not (a pending BEGIN, deferred writes) is dropped.
    func rollback() throws {
        inTransaction = false
        deferredWrites = []
        deferredFailure = nil
        if !dropPendingBegin() { _ = try query("ROLLBACK", []) }
    }

    /// Drops a deferred BEGIN that no statement followed: there is nothing to commit or roll
    /// back. True if there was one.
    func dropPendingBegin() -> Bool {
        defer { pendingBegin = nil }
        return pendingBegin != nil
    }

    /// A statement the transaction has not yet been opened for, one with deferred writes waiting,
    /// or a write: sent in libpq's pipeline mode, in one round trip, behind the deferred BEGIN,
    /// settings and writes if any, and for a write between SAVEPOINT and RELEASE. If the write
    /// fails, Postgres skips the rest of the pipeline and the savepoint is rolled back to, so the
    /// transaction carries on without it (the outcome of separate round trips, at a fraction of
    /// their cost). If a deferred write fails, the transaction fails with it.
    func pipelined(_ sql: String, _ binds: [SQLValue], guarded: Bool) throws -> Outcome {
        enum Step { case begin, settings, deferred, savepoint, statement, release }
        if let deferredFailure { throw deferredFailure }
        let begin = pendingBegin
        let writes = deferredWrites
        let writeNames: [String?]
        do {
            writeNames = try writes.map { try preparedName($0.sql, $0.binds) }
        } catch let error as StoreError {
            deferredFailure = error
            throw error
        }
        let settings = (begin?.settings ?? []).flatMap { [SQLValue.text($0.0), .text($0.1)] }
        // Built only when a BEGIN is pending, not for every later statement of the transaction.
        let settingsSQL =
            settings.isEmpty
            ? ""
            : "SELECT "
                + stride(from: 1, to: settings.count, by: 2).map { "set_config($\($0), $\($0 + 1), true)" }.joined(
                    separator: ", ")
        let settingsName = settings.isEmpty ? nil : try preparedName(settingsSQL, settings)
        let name = try preparedName(sql, binds)
        // Sent from here on: a statement that failed to prepare leaves the BEGIN to the next.
        pendingBegin = nil
        deferredWrites = []
        guard PQenterPipelineMode(handle) == 1 else {
            markIfBroken()
            throw StoreError.unavailable(reason: "postgres_pipeline_unavailable")
        }
        roundTrips += 1
        var steps: [Step] = []
        func send(_ step: Step, _ text: String, _ prepared: String?, _ values: [SQLValue]) -> Bool {
            steps.append(step)
            return withParameters(values) { count, types, values, lengths, formats in
                if let prepared {
                    PQsendQueryPrepared(handle, prepared, count, values, lengths, formats, 0) == 1
                } else {
                    PQsendQueryParams(handle, text, count, types, values, lengths, formats, 0) == 1
                }
            }
        }
        let sent =
            (begin.map { send(.begin, $0.readOnly ? "BEGIN READ ONLY" : "BEGIN", nil, []) } ?? true)
            && (settings.isEmpty || send(.settings, settingsSQL, settingsName, settings))
            && zip(writes, writeNames).allSatisfy { send(.deferred, $0.0.sql, $0.1, $0.0.binds) }
            && (!guarded || send(.savepoint, "SAVEPOINT kopi_statement", nil, []))
            && send(.statement, sql, name, binds)
            && (!guarded || send(.release, "RELEASE SAVEPOINT kopi_statement", nil, []))
            && PQpipelineSync(handle) == 1
        // A send fails only on a dead connection; without the sync, reading would wait for ever.
        guard sent else {
            isBroken = true
            throw StoreError.unavailable(reason: "postgres_pipeline_failed")
        }
        // Every result is read, so the connection leaves pipeline mode idle whatever happened.
        let results = steps.map { _ in nextPipelineResult() }
        defer { for result in results { if let result { PQclear(result) } } }
        guard awaitPipelineSync(), PQexitPipelineMode(handle) == 1 else {
            isBroken = true
            throw StoreError.unavailable(reason: "postgres_pipeline_failed")
        }
        var statement: OpaquePointer?
        for (step, result) in zip(steps, results) {
            guard let result, Self.succeeded(result) else {
                if step == .statement, guarded { _ = try? query("ROLLBACK TO SAVEPOINT kopi_statement", []) }
                let error = failure(result)
                if step == .deferred { deferredFailure = error }
                throw error
            }
            if step == .begin { transactionConfirmed = true }
            if step == .statement { statement = result }
        }
        return try outcome(of: statement, clear: false)
    }

    /// The error of a failed result. A column added while this connection ran (`0A000`, a
    /// prepared `SELECT *` whose rows changed shape): its prepared statements are forgotten, to
    /// be prepared again under new names, so the caller's retry succeeds.
    private func failure(_ result: OpaquePointer?) -> StoreError {
        markIfBroken()
        let sqlstate = result.map(Self.sqlstate) ?? ""
        if sqlstate == "0A000" { prepared.removeAll() }
        return Self.error(sqlstate: sqlstate, broken: isBroken)
    }

    /// The first result of the next query in the pipeline (a query in an aborted pipeline has
    /// one too), its end (a null) consumed.
    private func nextPipelineResult() -> OpaquePointer? {
        let first = PQgetResult(handle)
        guard first != nil else { return nil }
        while let extra = PQgetResult(handle) { PQclear(extra) }
        return first
    }

    private func awaitPipelineSync() -> Bool {
        // A dead connection answers null for ever; a live one ends with the sync result.
        for _ in 0..<4 {
            guard let result = PQgetResult(handle) else {
                if PQstatus(handle) != CONNECTION_OK { return false }
                continue
            }
            defer { PQclear(result) }
            if PQresultStatus(result) == PGRES_PIPELINE_SYNC { return true }
        }
        return false
    }

    private static func succeeded(_ result: OpaquePointer) -> Bool {
        let status = PQresultStatus(result)
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
    }

    private static func sqlstate(_ result: OpaquePointer) -> String {
        // PG_DIAG_SQLSTATE is a char macro ('C') that Swift does not import.
        PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
    }

    /// The rows of a result, which it clears unless told not to; throws for a failed one.
    private func outcome(of result: OpaquePointer?, clear: Bool = true) throws -> Outcome {
        guard let result else {
            markIfBroken()
            throw StoreError.unavailable(reason: "postgres_no_result")
        }
        defer { if clear { PQclear(result) } }
        guard Self.succeeded(result) else { throw failure(result) }
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [String: Int] = [:]
        var types: [Oid] = []
        for column in 0..<columnCount {
            columns[String(cString: PQfname(result, Int32(column)))] = column
            types.append(PQftype(result, Int32(column)))
        }
        var rows: [SQLRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            let values = (0..<columnCount).map { read(result, row: Int32(row), column: Int32($0), type: types[$0]) }
            rows.append(SQLRow(columns: columns, values: values))
        }
        let changed = Int(String(cString: PQcmdTuples(result))) ?? 0
        return (rows, changed, String(cString: PQcmdStatus(result)))
    }

    /// Calls `body` with the parameters in libpq's form: text as C strings, blobs in binary
    /// format typed bytea (oid 17), integers typed int8 (oid 20).
    private func withParameters<Result>(
        _ binds: [SQLValue],
        _ body: (Int32, [Oid], [UnsafePointer<CChar>?], [Int32], [Int32]) throws -> Result
    ) rethrows -> Result {
        var owned: [UnsafeMutablePointer<CChar>?] = []
        defer { for pointer in owned { free(pointer) } }
        var types: [Oid] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for bind in binds {
            types.append(bind.postgresType)
            switch bind {
            case .null:
                owned.append(nil)
                lengths.append(0)
                formats.append(0)
            case .integer(let number):
                owned.append(strdup(String(number)))
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                owned.append(strdup(text))
                lengths.append(0)
                formats.append(0)
            case .blob(let bytes):
                // Every owned parameter is malloc-ed (strdup or here) and released with free().
                let copy = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: CChar.self)
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { memcpy(copy, base, bytes.count) }
                }
                owned.append(copy)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        return try body(Int32(binds.count), types, owned.map { UnsafePointer($0) }, lengths, formats)
    }

    private func markIfBroken() {
        if PQstatus(handle) != CONNECTION_OK { isBroken = true }
    }

    static func error(sqlstate: String, broken: Bool) -> StoreError {
        if broken { return .unavailable(reason: "postgres_connection_lost") }
        switch sqlstate {
        case "23505": return .duplicate
        case "23503": return .invalidReference
        case "40001", "40P01", "55P03", "0A000": return .conflict
        case "42501": return .tenantMismatch
        case _ where sqlstate.hasPrefix("08") || sqlstate.hasPrefix("57P"):
            return .unavailable(reason: "postgres_\(sqlstate)")
        default: return .backend(code: sqlstate.isEmpty ? "postgres_unknown" : sqlstate)
        }
    }

    private func read(_ result: OpaquePointer, row: Int32, column: Int32, type: Oid) -> SQLValue {
        if PQgetisnull(result, row, column) == 1 { return .null }
        let text = String(cString: PQgetvalue(result, row, column))
        switch type {
        case 20, 21, 23: return Int64(text).map(SQLValue.integer) ?? .text(text)
        case 16: return .integer(text == "t" ? 1 : 0)
        case 17: return .blob(Self.decodeByteaHex(text))
        default: return .text(text)
        }
    }

    /// Postgres' text output for bytea: `\x` followed by hex digits.
    static func decodeByteaHex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8.dropFirst(2))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index + 1 < digits.count {
            bytes.append(hexValue(digits[index]) << 4 | hexValue(digits[index + 1]))
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: digit - UInt8(ascii: "A") + 10
        }
    }
}

extension SQLValue {
    /// The parameter type given to libpq: int8 for integers, bytea for blobs, and for text and
    /// null none (0), so Postgres infers it from the statement.
    var postgresType: Oid {
        switch self {
        case .integer: 20
        case .blob: 17
        case .null, .text: 0
        }
    }

    var postgresTypeTag: String {
        switch self {
        case .integer: "i"
        case .blob: "b"
        case .null, .text: "t"
        }
    }
}
