public import Crypto
import Foundation

/// The AES-256 keys secrets are sealed under, parsed from `KOPI_MASTER_KEY`.
///
/// Accepted forms: one base64 key of 32 bytes (key id `k1`), or `kid:base64,kid:base64,…` where
/// the first key seals and every key opens, so keys can be rotated without re-sealing at once.
public struct MasterKeyring: Sendable {
    public let currentKeyID: String
    let keys: [String: SymmetricKey]

    /// Every key id the keyring opens with, sorted.
    public var keyIDs: [String] { keys.keys.sorted() }

    public init(currentKeyID: String, keys: [String: SymmetricKey]) {
        precondition(keys[currentKeyID] != nil)
        self.currentKeyID = currentKeyID
        self.keys = keys
    }

    /// Parses the environment value; the error says what is wrong without echoing the key.
    public init(parsing text: String) throws(MasterKeyError) {
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !entries.isEmpty else { throw .empty }
        var keys: [String: SymmetricKey] = [:]
        var first: String?
        for (index, entry) in entries.enumerated() {
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let (id, encoded) = parts.count == 2 ? (parts[0], parts[1]) : (entries.count == 1 ? "k1" : "", parts[0])
            guard !id.isEmpty, id.count <= 32, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else { throw .badKeyID(position: index + 1) }
            guard let bytes = Data(base64Encoded: encoded), bytes.count == 32 else {
                throw .badKey(position: index + 1)
            }
            guard keys[id] == nil else { throw .repeatedKeyID(id) }
            keys[id] = SymmetricKey(data: bytes)
            first = first ?? id
        }
        self.init(currentKeyID: first!, keys: keys)
    }

    /// A fresh random key in the single-key text form.
    public static func generateText() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }
}

public enum MasterKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case badKey(position: Int)
    case badKeyID(position: Int)
    case repeatedKeyID(String)

    public var description: String {
        switch self {
        case .empty: "KOPI_MASTER_KEY is empty"
        case .badKey(let position):
            "KOPI_MASTER_KEY entry \(position) is not base64 of exactly 32 bytes (generate one with `openssl rand -base64 32`)"
        case .badKeyID(let position):
            "KOPI_MASTER_KEY entry \(position) needs a key id of letters, digits, - or _ (form: kid:base64,kid:base64)"
        case .repeatedKeyID(let id): "KOPI_MASTER_KEY names key id \(id) twice"
        }
    }
}
