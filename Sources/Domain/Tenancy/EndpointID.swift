/// 128 random bits as 32 lower-case hex digits: the path segment of a tenant's webhook URLs.
public struct EndpointID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    /// Accepts exactly 32 hexadecimal digits.
    public init?(_ text: String) {
        let lower = text.lowercased()
        guard lower.count == 32, lower.allSatisfy({ $0.isHexDigit }) else { return nil }
        self.value = lower
    }

    /// Builds the id from 16 random bytes supplied by the Randomness port.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 16, "an endpoint id is 128 bits")
        self.value = bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let id = EndpointID(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an endpoint id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
