/// 128 random bits as 32 lower-case hex digits: the path segment of a tenant's webhook URLs.
public struct EndpointID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    /// Accepts exactly 32 hexadecimal digits.
    public init?(_ text: String) {
        guard text.utf8.count == 32 else { return nil }
        var lower: [UInt8] = []
        lower.reserveCapacity(32)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): lower.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): lower.append(byte | 0x20)
            default: return nil
            }
        }
        self.value = String(decoding: lower, as: UTF8.self)
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
