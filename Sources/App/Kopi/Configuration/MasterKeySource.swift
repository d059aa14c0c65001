import Adapters
import Crypto
import Domain
import Foundation
import Logging

/// Finds the master key: `KOPI_MASTER_KEY`, or in development (SQLite) a key file generated on
/// first start with a loud warning.
///
/// The key file lives in the user's configuration folder (`$XDG_CONFIG_HOME/kopi`, else
/// `~/.config/kopi`), named after the database's path, and never beside the database: a copy of
/// the database folder is a backup, and a backup that carries its own key would hand over every
/// sealed secret with it. A key file an older Kopi left beside the database is moved there.
enum MasterKeySource {
    static func keyring(for configuration: AppConfiguration, logger: Logger) throws -> MasterKeyring {
        if let text = configuration.masterKey { return try MasterKeyring(parsing: text) }
        guard case .sqlite(let path) = configuration.database else {
            throw ConfigurationError(problems: ["KOPI_MASTER_KEY is required with Postgres"])
        }
        let file = developmentKeyFile(database: path, folder: configuration.developmentKeyFolder)
        try moveLegacyKeyFile(database: path, to: file, logger: logger)
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
        try write(text, to: file)
        logger.warning(
            "KOPI_MASTER_KEY is not set: generated a development master key, kept outside the database folder. Secrets sealed with it are lost if this file is lost. Set KOPI_MASTER_KEY in production.",
            metadata: ["file": "\(file.path)"])
        return try MasterKeyring(parsing: text)
    }

    /// `folder/master-key-<hash of the database's absolute path>`: one key per database.
    static func developmentKeyFile(database path: String, folder: URL) -> URL {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let digest = Hex.lowercase(SHA256.hash(data: Data(absolute.utf8)).prefix(8))
        return folder.appendingPathComponent("master-key-\(digest)")
    }

    private static func moveLegacyKeyFile(database path: String, to file: URL, logger: Logger) throws {
        let legacy = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(".kopi-master-key")
        guard FileManager.default.fileExists(atPath: legacy.path) else { return }
        if !FileManager.default.fileExists(atPath: file.path) {
            let text = try String(contentsOf: legacy, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            try write(text, to: file)
        }
        try FileManager.default.removeItem(at: legacy)
        logger.warning(
            "moved the development master key out of the database folder, so copies of that folder no longer carry it",
            metadata: ["file": "\(file.path)"])
    }

    private static func write(_ text: String, to file: URL) throws {
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw ConfigurationError(problems: ["cannot write the development key file \(file.path)"]) }
    }
}
