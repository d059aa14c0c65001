import Crypto
import Domain
import Foundation

/// Lark-shaped ids for the demo, the same for the same seed: an upper-case UUID for definition
/// and instance codes, `ou_` + 32 hex for open ids, 19 digits for task ids, 32 hex for event
/// ids and `om_` + 32 hex for message ids. The demo meets the same limits as a real tenant.
enum DemoIDs {
    enum Shape { case uuid, openID, taskID, eventID, messageID }

    static func stable(_ shape: Shape, _ seed: String) -> String {
        let hex = Hex.lowercase(SHA256.hash(data: Data("\(shape):\(seed)".utf8)))
        switch shape {
        case .uuid:
            let upper = Array(hex.uppercased().prefix(32))
            return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(upper[$0]) }.joined(separator: "-")
        case .openID: return "ou_" + hex.prefix(32)
        case .taskID: return "7" + hex.prefix(18).map { String(Int(String($0), radix: 16)! % 10) }.joined()
        case .eventID: return String(hex.prefix(32))
        case .messageID: return "om_" + hex.prefix(32)
        }
    }
}
