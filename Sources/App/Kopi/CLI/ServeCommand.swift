import Adapters
import Application
import ArgumentParser
import Demo
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP service until SIGTERM or SIGINT, then shut down gracefully.")

    func run() async throws {
        try await runService()
    }
}

/// Loads the configuration, opens the storage and runs the service until SIGTERM or SIGINT.
/// `alongside` runs beside it with the services and is cancelled when the service ends (a stop
/// signal, or a failure such as a port already in use).
func runService(alongside: (@Sendable (AppServices, Demo?, Logger) async -> Void)? = nil) async throws {
    let configuration = try loadConfiguration()
    let logger = Logger(label: "kopi")
    let storage = try await exitingOnConfigurationError {
        try await CompositionRoot.makeStorage(configuration, logger: logger)
    }
    logger.info(
        "kopi starting",
        metadata: [
            "database": "\(configuration.database)", "address": "\(configuration.host):\(configuration.port)",
            "demo": "\(configuration.demo ? "on" : "off")",
        ])
    // The AI has threads of its own, so a burst of slow AI calls never holds up a Lark call.
    let http = CurlHTTPClient(threads: max(8, configuration.workers))
    let aiHTTP = CurlHTTPClient(threads: configuration.aiConcurrency)
    var services = CompositionRoot.makeServices(
        storage: storage, http: http, aiHTTP: aiHTTP, configuration: configuration, logger: logger)
    let demo = configuration.demo ? Demo() : nil
    demo?.install(into: &services)
    let app = CompositionRoot.buildApplication(
        services, configuration: configuration, demo: demo,
        resources: [ResourceService(storage: storage, http: [http, aiHTTP])])
    let companion = alongside.map { [services] work in Task { await work(services, demo, logger) } }
    defer { companion?.cancel() }
    let group = ServiceGroup(
        configuration: .init(
            services: [NamedService(description: "kopi", base: app)], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
    try await group.run()
    logger.info("kopi stopped")
}

/// Runs start-up work whose configuration problems (unreachable Postgres, unwritable SQLite
/// folder, malformed key file) end the process like a bad environment does: listed, exit 78.
func exitingOnConfigurationError<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(78)
    }
}

/// Reads the environment, installs logging, and turns configuration errors into a clean exit.
func loadConfiguration(serving: Bool = true) throws -> AppConfiguration {
    do {
        let configuration = try AppConfiguration.load(from: ProcessInfo.processInfo.environment, serving: serving)
        configuration.logFormat.bootstrap(level: configuration.logLevel)
        return configuration
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(78)  // EX_CONFIG
    }
}
