import Adapters
import ArgumentParser
import Foundation
import Logging

/// Key rotation that can finish: seals every stored secret again under the first key of
/// `KOPI_MASTER_KEY` and says, per key id, how many values remain under it.
struct ResealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reseal",
        abstract:
            "Seal every stored secret again under the first key of KOPI_MASTER_KEY; report what remains under each other key."
    )

    func run() async throws {
        let configuration = try loadConfiguration(serving: false)
        let logger = Logger(label: "kopi.reseal")
        let (storage, keyring) = try await exitingOnConfigurationError {
            let keyring = try MasterKeySource.keyring(for: configuration, logger: logger)
            return (try await CompositionRoot.makeStorage(configuration, logger: logger, keyring: keyring), keyring)
        }
        let report = try await storage.closing { try await $0.reseal() }
        for line in Self.lines(report, keyIDs: keyring.keyIDs) { print(line) }
        if report.remaining.values.contains(where: { $0 > 0 }) { throw ExitCode(1) }
    }

    /// The report as an operator reads it: what was resealed, then every other key id and what it still holds.
    static func lines(_ report: ResealReport, keyIDs: [String]) -> [String] {
        var lines = ["resealed \(report.resealed) value(s) under \(report.currentKeyID), the current key"]
        let others = Set(keyIDs).union(report.remaining.keys).subtracting([report.currentKeyID]).sorted()
        for id in others {
            let remaining = report.remaining[id] ?? 0
            lines.append(
                remaining == 0
                    ? "\(id): 0 remaining; it can be removed from KOPI_MASTER_KEY"
                    : "\(id): \(remaining) remaining that could not be opened; keep it until they are resolved")
        }
        return lines
    }
}
