public import Domain
public import Foundation

/// Identifiers, tokens and jitter, injected so tests can be deterministic.
public protocol Randomness: Sendable {
    /// `count` bytes from a cryptographically secure generator.
    func bytes(_ count: Int) -> [UInt8]
}

extension Randomness {
    public func uuid() -> UUID { Self.uuid(version: 4, bytes(16)) }

    public func identifier<Entity>(_: Entity.Type = Entity.self) -> Identifier<Entity> { Identifier(uuid()) }

    /// A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Ids made
    /// later sort after earlier ones (in any millisecond in any order), so rows written at a
    /// high rate under such keys land on the last page of their index instead of a random one.
    /// For rows whose creation time is not a secret (queued jobs).
    public func timeOrderedUUID(at time: Date) -> UUID {
        var raw = bytes(16)
        let millis = UInt64(max(0, (time.timeIntervalSince1970 * 1000).rounded(.down)))
        for index in 0..<6 { raw[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - UInt64(index)))) }
        return Self.uuid(version: 7, raw)
    }

    /// `raw` (16 bytes) with the version nibble and the RFC 9562 variant bits set.
    private static func uuid(version: UInt8, _ raw: [UInt8]) -> UUID {
        var raw = raw
        raw[6] = (raw[6] & 0x0F) | (version << 4)
        raw[8] = (raw[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]
            ))
    }

    public func timeOrderedIdentifier<Entity>(_: Entity.Type = Entity.self, at time: Date) -> Identifier<Entity> {
        Identifier(timeOrderedUUID(at: time))
    }

    public func endpointID() -> EndpointID { EndpointID(bytes: bytes(16)) }

    /// A fraction in 0..<1 for jitter.
    public func unitInterval() -> Double {
        let raw = bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(raw >> 11) / Double(UInt64(1) << 53)
    }
}

/// The standard library's generator (the kernel's `getrandom(2)`), read eight bytes a call:
/// `UInt8.random` would make a system call for every byte.
public struct SystemRandomness: Randomness {
    public init() {}
    public func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var result: [UInt8] = []
        result.reserveCapacity(count + 7)
        while result.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { result.append(contentsOf: $0) }
        }
        result.removeLast(result.count - count)
        return result
    }
}
