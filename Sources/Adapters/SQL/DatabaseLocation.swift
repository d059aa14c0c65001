import Foundation
import KopiCLibPQ

/// Where `KOPI_DATABASE_URL` points: `sqlite:PATH` or a `postgres://` / `postgresql://` URL.
public enum DatabaseLocation: Hashable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public init(parsing text: String) throws(DatabaseLocationError) {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw .emptySQLitePath }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            var message: UnsafeMutablePointer<CChar>?
            guard let options = PQconninfoParse(text, &message) else {
                let reason = message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
                PQfreemem(message)
                throw .malformedPostgresURL(reason ?? "unparseable")
            }
            PQconninfoFree(options)
            self = .postgres(url: text)
        } else {
            throw .unknownScheme
        }
    }

    /// The `KOPI_DATABASE_URL` text that names this location.
    public var url: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url
        }
    }

    /// The location without credentials, safe for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "redacted" }
            // libpq also takes credentials as query parameters (`?password=…`, `?sslpassword=…`).
            components.queryItems = components.queryItems?.map { item in
                ["password", "sslpassword"].contains(item.name.lowercased())
                    ? URLQueryItem(name: item.name, value: "redacted") : item
            }
            return components.string ?? "postgres://…"
        }
    }

    /// The role a Postgres URL logs in as, or nil.
    public var postgresUser: String? {
        guard case .postgres(let url) = self, let options = PQconninfoParse(url, nil) else { return nil }
        defer { PQconninfoFree(options) }
        var cursor = options
        while let keyword = cursor.pointee.keyword {
            if String(cString: keyword) == "user", let value = cursor.pointee.val { return String(cString: value) }
            cursor += 1
        }
        return nil
    }
}

public enum DatabaseLocationError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownScheme
    case emptySQLitePath
    case malformedPostgresURL(String)

    public var description: String {
        switch self {
        case .unknownScheme: "KOPI_DATABASE_URL must start with sqlite: or postgres://"
        case .emptySQLitePath: "KOPI_DATABASE_URL names no SQLite file (example: sqlite:kopi.db)"
        case .malformedPostgresURL(let reason): "KOPI_DATABASE_URL is not a valid Postgres URL: \(reason)"
        }
    }
}
