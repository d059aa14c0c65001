import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Synchronization
import Testing

/// Postgres out of reach while pushes arrive: Kopi answers 503 (Lark sends again later), writes
/// nothing by halves, and processes everything once the database is back.
@Suite("Database outage", .serialized)
struct DatabaseOutageTests {
    static let outage = Duration.seconds(30)

    @Test(
        "Postgres unreachable for 30 s under load: pushes answer 503 meanwhile, /healthz says so, and once it is back every push is kept and each approver gets one card"
    )
    func postgresOutage() async throws {
        let live = try await LiveService.start("postgres", claims: 200)
        defer { live.clean() }
        let ownerURL = try #require(live.ownerURL)
        let proxy = try await TCPProxy.start(toward: live.database.url)
        defer { proxy.stop() }
        let server = KillableServer(
            folder: live.folder,
            environment: live.environment([
                "KOPI_DATABASE_URL": proxy.rerouted(live.database.url),
                "KOPI_DATABASE_OWNER_URL": proxy.rerouted(ownerURL), "KOPI_JOB_LEASE_SECONDS": "3",
            ]))
        try await server.start()

        let deliveries = live.deliveries(perClaim: 5)
        let progress = PushProgress()
        let url = live.eventsURL(server.baseURL)
        let pushing = Task { await LiveService.push(deliveries, to: { _ in url }, concurrency: 4, progress: progress) }
        while progress.accepted.load(ordering: .relaxed) < 100 { try await Task.sleep(for: .milliseconds(20)) }

        try await proxy.down()
        let acceptedAtOutage = progress.accepted.load(ordering: .relaxed)
        try await Task.sleep(for: .seconds(2))
        let health = try await CurlHTTPClient(threads: 1).send(
            HTTPClientRequest(method: "GET", url: "\(server.baseURL)/healthz", timeout: .seconds(10)))
        #expect(health.status == 503, "/healthz reports the database unreachable")
        try await Task.sleep(for: Self.outage - .seconds(2))
        let acceptedDuringOutage = progress.accepted.load(ordering: .relaxed) - acceptedAtOutage
        let refusedDuringOutage = progress.refused.load(ordering: .relaxed)
        try await proxy.up()

        await pushing.value
        let settled = try await live.settle()
        await server.stop()

        // A push in flight when the connections were cut may still have been answered 200.
        #expect(acceptedDuringOutage <= 4, "\(acceptedDuringOutage) pushes accepted with the database gone")
        #expect(refusedDuringOutage > 0, "pushes were answered 503 during the outage")
        #expect(progress.unexpected.withLock { $0 }.isEmpty, "\(progress.unexpected.withLock { $0 })")
        #expect(progress.accepted.load(ordering: .relaxed) == deliveries.count)
        try await live.expectOneCardPerApprover(settled, events: deliveries.count)
    }
}

/// `Tests/Outage/tcp_proxy.py` between Kopi and Postgres, taken down and brought back on command.
final class TCPProxy: Sendable {
    let port: Int
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle

    private init(port: Int, process: Process, input: FileHandle, output: FileHandle) {
        self.port = port
        self.process = process
        self.input = input
        self.output = output
    }

    /// A proxy in front of the host and port of a Postgres URL.
    static func start(toward url: String) async throws -> TCPProxy {
        let target = try #require(URLComponents(string: url))
        let port = FreePort.find()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", PackageRoot.url.appendingPathComponent("Tests/Outage/tcp_proxy.py").path, "\(port)",
            target.host ?? "127.0.0.1", "\(target.port ?? 5432)",
        ]
        let (input, output) = (Pipe(), Pipe())
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let proxy = TCPProxy(
            port: port, process: process, input: input.fileHandleForWriting, output: output.fileHandleForReading)
        #expect(proxy.readLine() == "ready")
        return proxy
    }

    /// The URL with the proxy's address in place of the database's.
    func rerouted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.host = "127.0.0.1"
        components.port = port
        return components.string ?? url
    }

    func down() async throws { try command("down") }

    func up() async throws { try command("up") }

    func stop() {
        try? input.close()
        process.waitUntilExit()
    }

    private func command(_ word: String) throws {
        input.write(Data((word + "\n").utf8))
        #expect(readLine() == word)
    }

    private func readLine() -> String {
        var line = Data()
        while true {
            let byte = output.readData(ofLength: 1)
            guard let first = byte.first, first != UInt8(ascii: "\n") else { break }
            line.append(first)
        }
        return String(decoding: line, as: UTF8.self)
    }
}
