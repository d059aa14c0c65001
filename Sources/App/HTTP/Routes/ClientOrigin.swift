import Application
import Foundation
public import HTTPTypes
public import NIOCore

/// Who sent a request and over what: the client address for rate limits and whether the
/// original connection was https. Forwarded headers count only when the TCP peer is a trusted
/// proxy; the client is then the rightmost `X-Forwarded-For` entry that is not itself a proxy.
public struct ClientOrigin: Sendable, Hashable {
    public let address: String
    public let isHTTPS: Bool

    /// What rate limits count by: an IPv4 address (IPv4-mapped ones too) as it is, an IPv6
    /// address by its /64 (one subscriber's network, inside which a client picks addresses
    /// freely), else the text.
    public var rateLimitKey: String {
        guard let bytes = TrustedProxies.bytes(address) else { return address }
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }  // IPv4-mapped too
        let groups = stride(from: 0, to: 8, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "::/64"
    }

    public static func resolve(peer: SocketAddress?, headers: HTTPFields, trusted: TrustedProxies) -> ClientOrigin {
        guard let peerAddress = peer?.ipAddress else { return ClientOrigin(address: "unknown", isHTTPS: false) }
        guard trusted.contains(peerAddress) else { return ClientOrigin(address: peerAddress, isHTTPS: false) }
        let forwarded = headers[values: HTTPField.Name("X-Forwarded-For")!]
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { TrustedProxies.bytes($0) != nil }
        let client = forwarded.last { !trusted.contains($0) } ?? forwarded.first ?? peerAddress
        let proto = headers[HTTPField.Name("X-Forwarded-Proto")!]?.split(separator: ",").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        return ClientOrigin(address: client, isHTTPS: proto == "https")
    }
}
