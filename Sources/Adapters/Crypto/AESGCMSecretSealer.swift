import Crypto
public import Domain
public import Ports

/// Seals secrets with AES-256-GCM under the keyring's current key, a random 96-bit nonce per
/// seal, and the sealing context as associated data.
///
/// Format: `0x01` (version), key-id length (1 byte), key id (UTF-8), then GCM's combined
/// nonce (12) + ciphertext + tag (16).
public struct AESGCMSecretSealer: SecretSealer {
    private let keyring: MasterKeyring

    public init(keyring: MasterKeyring) {
        self.keyring = keyring
    }

    public func seal(_ secret: Secret, context: SealingContext) throws -> [UInt8] {
        let key = keyring.keys[keyring.currentKeyID]!
        let box = try AES.GCM.seal(
            Array(secret.revealForOutboundUse().utf8), using: key, authenticating: context.associatedData)
        guard let combined = box.combined else { throw SealingError.malformed }
        let id = Array(keyring.currentKeyID.utf8)
        return [1, UInt8(id.count)] + id + Array(combined)
    }

    public func open(_ sealed: [UInt8], context: SealingContext) throws -> Secret {
        guard sealed.count > 2, sealed[0] == 1 else { throw SealingError.malformed }
        let idLength = Int(sealed[1])
        guard sealed.count > 2 + idLength + 28 else { throw SealingError.malformed }
        let id = String(decoding: sealed[2..<2 + idLength], as: UTF8.self)
        guard let key = keyring.keys[id] else { throw SealingError.unknownKey(id: id) }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed[(2 + idLength)...])
            let plain = try AES.GCM.open(box, using: key, authenticating: context.associatedData)
            return Secret(String(decoding: plain, as: UTF8.self))
        } catch {
            throw SealingError.authenticationFailed
        }
    }

    public var currentKeyID: String { keyring.currentKeyID }

    public func keyID(of sealed: [UInt8]) -> String? {
        guard sealed.count > 2, sealed[0] == 1, sealed.count >= 2 + Int(sealed[1]) else { return nil }
        return String(decoding: sealed[2..<2 + Int(sealed[1])], as: UTF8.self)
    }
}
