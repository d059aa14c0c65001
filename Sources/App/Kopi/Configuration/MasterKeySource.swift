import Adapters
import Foundation
import Logging

/// Finds the master key: `KOPI_MASTER_KEY`, or in development (SQLite) a key file next to the
/// database, generated on first start with a loud warning.
enum MasterKeySource {
    static func keyring(for configuration: AppConfiguration, logger: Logger) throws -> MasterKeyring {
        if let text = configuration.masterKey { return try MasterKeyring(parsing: text) }
        guard case .sqlite(let path) = configuration.database else {
            throw ConfigurationError(problems: ["KOPI_MASTER_KEY is required with Postgres"])
        }
        let file = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(".kopi-master-key")
        if let stored = try? String(contentsOf: file, encoding: .utf8) {
            logger.warning(
                "using the development master key file; set KOPI_MASTER_KEY in production",
                metadata: ["file": "\(file.path)"])
            do {
                return try MasterKeyring(parsing: stored.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                throw ConfigurationError(problems: ["the key file \(file.path) is malformed: \(error.description)"])
            }
        }
        let text = MasterKeyring.generateText()
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw ConfigurationError(problems: ["cannot write the development key file \(file.path)"]) }
        logger.warning(
            "KOPI_MASTER_KEY is not set: generated a development master key. Secrets sealed with it are lost if this file is lost. Set KOPI_MASTER_KEY in production.",
            metadata: ["file": "\(file.path)"])
        return try MasterKeyring(parsing: text)
    }
}
