import Foundation

/// Identifiers shaped like Lark's own, for tests, the demo and the benchmarks. Lark's limits (a
/// 50-character message `uuid`, for one) only bite with real-length ids, so toy ids like `INST-1`
/// hide bugs; the fake refuses them where Lark would.
public enum LarkIDs {
    /// Approval definition codes and instance codes: upper-case UUIDs, 36 characters.
    public static func approvalCode() -> String { UUID().uuidString }
    public static func instanceCode() -> String { UUID().uuidString }
    /// Task ids: 19 digits, e.g. `7081516627711524883`.
    public static func taskID() -> String { "7" + digits(18) }
    /// Comment ids have the same shape as task ids.
    public static func commentID() -> String { "7" + digits(18) }
    /// Open ids: `ou_` and 32 lower-case hex characters.
    public static func openID() -> String { "ou_" + hex(32) }
    /// Message ids: `om_` and 32 lower-case hex characters.
    public static func messageID() -> String { "om_" + hex(32) }
    /// App ids: `cli_` and 16 lower-case hex characters.
    public static func appID() -> String { "cli_" + hex(16) }
    /// Event ids (v1 `uuid`, v2 `header.event_id`): 32 lower-case hex characters.
    public static func eventID() -> String { hex(32) }
    /// Card callback update tokens: `c-` and 40 hex characters.
    public static func callbackToken() -> String { "c-" + hex(40) }
    /// A 32-character secret such as an App Secret or Verification Token.
    public static func secret() -> String { hex(32) }
    /// Random lower-case hex of any length, for canaries.
    public static func hexForTests(_ count: Int) -> String { hex(count) }

    /// A deterministic id of the same shape, for the demo's repeatable scenario.
    public static func stable(_ shape: Shape, _ seed: String) -> String {
        let seedHash = seed.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        var generator = SplitMix64(seed: seedHash)
        switch shape {
        case .uuid: return uuidShaped(hex(32, using: &generator).uppercased())
        case .openID: return "ou_" + hex(32, using: &generator)
        case .taskID:
            return "7" + String((0..<18).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
        case .eventID: return hex(32, using: &generator)
        }
    }

    public enum Shape: Sendable { case uuid, openID, taskID, eventID }

    public static func isInstanceCode(_ text: String) -> Bool {
        UUID(uuidString: text) != nil && text == text.uppercased()
    }
    public static func isTaskID(_ text: String) -> Bool { text.count == 19 && text.allSatisfy(\.isASCIIDigit) }
    public static func isOpenID(_ text: String) -> Bool { hasHexTail(text, prefix: "ou_", length: 32) }
    public static func isMessageID(_ text: String) -> Bool { hasHexTail(text, prefix: "om_", length: 32) }
    public static func isAppID(_ text: String) -> Bool { hasHexTail(text, prefix: "cli_", length: 16) }

    static func hasHexTail(_ text: String, prefix: String, length: Int) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let tail = text.dropFirst(prefix.count)
        return tail.count == length && tail.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    static func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9))) })
    }

    static func hex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(count, using: &generator)
    }

    static func hex<G: RandomNumberGenerator>(_ count: Int, using generator: inout G) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0..<16, using: &generator), radix: 16)) })
    }

    static func uuidShaped(_ hex: String) -> String {
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// A small deterministic generator (SplitMix64), so a seeded scenario or benchmark is the same
/// every run.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
