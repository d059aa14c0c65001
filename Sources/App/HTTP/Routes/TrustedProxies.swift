import Application
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The addresses allowed to set `X-Forwarded-For` / `X-Forwarded-Proto` (`KOPI_TRUSTED_PROXIES`):
/// a comma-separated list of IPv4/IPv6 addresses or CIDR blocks.
public struct TrustedProxies: Sendable, Hashable {
    public struct Block: Sendable, Hashable {
        public let network: [UInt8]
        public let prefixLength: Int

        public func contains(_ address: [UInt8]) -> Bool {
            guard address.count == network.count else { return false }
            var remaining = prefixLength
            for index in network.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != network[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    public let blocks: [Block]

    public static let none = TrustedProxies(blocks: [])

    /// Nil when any entry is not an address or CIDR block.
    public init?(parsing text: String) {
        var blocks: [Block] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let address = Self.bytes(parts[0]) else { return nil }
            let length = parts.count == 2 ? Int(parts[1]) : address.count * 8
            guard let length, (0...(address.count * 8)).contains(length) else { return nil }
            blocks.append(Block(network: address, prefixLength: length))
        }
        self.blocks = blocks
    }

    public init(blocks: [Block]) { self.blocks = blocks }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The 4 or 16 bytes of a textual address (IPv4-mapped IPv6 addresses become IPv4); nil otherwise.
    public static func bytes(_ text: String) -> [UInt8]? {
        let trimmed = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, trimmed, &v4) == 1 { return v4 }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, trimmed, &bytes) == 1 else { return nil }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }
}
