import Hummingbird

/// Every route's path pattern and methods, as the router holds them, so a request for a known
/// path with a method it lacks is answered 405 with `Allow` rather than 404. Patterns are matched
/// segment by segment: `{name}` or `:name` is any one segment, `*` any one, `**` the rest.
struct RouteTable: Sendable {
    private let entries: [(segments: [Substring], methods: Set<String>)]

    init<Context>(_ routes: [Router<Context>.RouteDescription]) {
        var byPath: [String: Set<String>] = [:]
        for route in routes { byPath[route.path.description, default: []].insert(route.method.rawValue) }
        entries = byPath.map { (Self.segments($0.key), $0.value) }
    }

    /// The methods the path answers, sorted, HEAD wherever GET is; empty for an unknown path.
    func allowedMethods(for path: String) -> [String] {
        let request = Self.segments(path)
        var methods = Set<String>()
        for entry in entries where Self.matches(entry.segments, request) { methods.formUnion(entry.methods) }
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        var index = 0
        for segment in pattern {
            if segment == "**" { return true }
            guard index < path.count else { return false }
            let isParameter =
                segment == "*" || segment.hasPrefix(":") || (segment.hasPrefix("{") && segment.hasSuffix("}"))
            guard isParameter || segment == path[index] else { return false }
            index += 1
        }
        return index == path.count
    }
}
