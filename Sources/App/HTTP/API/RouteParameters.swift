import Application
import Domain
import Hummingbird

extension KopiRequestContext {
    /// The `{id}` of the route as an identifier; a malformed id is answered like a missing one.
    func id<Entity>(_ name: String = "id", as _: Identifier<Entity>.Type = Identifier<Entity>.self) throws
        -> Identifier<Entity>
    {
        guard let text = parameters.get(name), let id = Identifier<Entity>(text) else { throw APIError.notFound }
        return id
    }
}

extension Request {
    /// A query parameter, nil when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    /// An integer query parameter; a malformed one is invalid input.
    /// Present but empty (`?limit=`) is malformed too: the API documents an integer.
    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = uri.queryParameters.get(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalidInput(["\(name): a whole number from \(range.lowerBound) to \(range.upperBound)."])
        }
        return value
    }
}
