/// The table of contents of a `pg_dump` archive (`pg_restore --list`): which schema holds Kopi's
/// tables, and a list that restores everything but that schema's creation.
struct DumpContents: Sendable {
    let listing: String
    /// The schema of the dump's `kopi_migrations` table.
    let schema: String

    /// Refuses an archive without Kopi's `kopi_migrations` table.
    init(listing: String, path: String) throws {
        self.listing = listing
        // An entry reads `217; 1259 16389 TABLE <schema> kopi_migrations <owner>`.
        let entries = listing.split(separator: "\n").map(Self.entry)
        guard let table = entries.first(where: { $0?.kind == "TABLE" && $0?.name == "kopi_migrations" }), let table
        else { throw BackupError.notKopi(path) }
        schema = table.namespace
    }

    /// The listing with the `SCHEMA - <name>` entry commented out, for `pg_restore --use-list`.
    func listing(skippingCreationOf name: String) -> String {
        listing.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let entry = Self.entry(line), entry.kind == "SCHEMA", entry.namespace == "-", entry.name == name
            else { return String(line) }
            return ";" + line
        }.joined(separator: "\n")
    }

    /// The kind, namespace and name of an entry line; nil for comments and other lines.
    private static func entry(_ line: Substring) -> (kind: String, namespace: String, name: String)? {
        let words = line.split(separator: " ")
        guard words.count >= 6, !words[0].hasPrefix(";"), words[0].hasSuffix(";") else { return nil }
        return (String(words[3]), String(words[4]), String(words[5]))
    }
}
