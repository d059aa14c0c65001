/// How many stored secrets there are and, by key id, how many the current keyring cannot open.
public struct SealedSecretsCheck: Sendable, Equatable {
    public var total = 0
    public var unopenable: [String: Int] = [:]

    public init(total: Int = 0, unopenable: [String: Int] = [:]) {
        self.total = total
        self.unopenable = unopenable
    }

    mutating func add(_ other: SealedSecretsCheck) {
        total += other.total
        unopenable.merge(other.unopenable, uniquingKeysWith: +)
    }
}
