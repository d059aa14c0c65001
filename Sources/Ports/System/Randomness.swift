public import Domain
public import Foundation

/// Identifiers, tokens and jitter, injected so tests can be deterministic.
public protocol Randomness: Sendable {
    /// `count` bytes from a cryptographically secure generator.
    func bytes(_ count: Int) -> [UInt8]
}

extension Randomness {
    public func uuid() -> UUID {
        var raw = bytes(16)
        raw[6] = (raw[6] & 0x0F) | 0x40  // version 4
        raw[8] = (raw[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(
            uuid: (
                raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]
            ))
    }

    public func identifier<Entity>(_: Entity.Type = Entity.self) -> Identifier<Entity> { Identifier(uuid()) }

    public func endpointID() -> EndpointID { EndpointID(bytes: bytes(16)) }

    /// A fraction in 0..<1 for jitter.
    public func unitInterval() -> Double {
        let raw = bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(raw >> 11) / Double(UInt64(1) << 53)
    }
}

public struct SystemRandomness: Randomness {
    public init() {}
    public func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
