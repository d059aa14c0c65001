import Crypto
public import Domain
public import Foundation
public import Ports
import _CryptoExtras

/// Lark's push protection, as its SDKs implement it and stricter:
/// - `X-Lark-Signature` = hex SHA-256 of timestamp + nonce + Encrypt Key + the raw body bytes,
///   compared in constant time; a push without it must be a challenge with the right token;
/// - the body must be `{"encrypt": base64(iv ‖ AES-256-CBC(SHA-256(Encrypt Key), PKCS#7))}`;
/// - the Verification Token inside is compared in constant time on every push;
/// - an unsigned push (only a challenge may be one) fails every way with the same rejection, so
///   its answer says nothing about the decryption (no padding oracle);
/// - a signed push's timestamp may be at most 5 minutes ahead and no older than Lark's retry
///   window (about 7.1 hours of retries, 7.5 hours allowed).
public struct LarkPushCrypto: LarkPushAuthenticator {
    public static let maxFutureSkew: TimeInterval = 5 * 60
    public static let maxAge: TimeInterval = 7.5 * 3600

    private let clock: any WallClock

    public init(clock: any WallClock) {
        self.clock = clock
    }

    public func open(_ request: LarkPushRequest, keys: LarkPushKeys) throws(LarkPushRejection) -> LarkPush {
        let encryptKey = keys.encryptKey.revealForOutboundUse()
        let signed = request.signature != nil
        if signed {
            guard let timestamp = request.timestamp, let nonce = request.nonce, let signature = request.signature,
                ConstantTime.equal(
                    Self.signature(timestamp: timestamp, nonce: nonce, key: encryptKey, body: request.body),
                    signature.lowercased()),
                isFresh(timestamp)
            else { throw .unauthenticated }
        }
        guard let plaintext = Self.decrypt(body: request.body, encryptKey: encryptKey) else { throw .unauthenticated }
        let push: LarkPush
        do {
            push = try LarkPush.parse(plaintext)
        } catch {
            // Only a signed push is authenticated before it is decrypted. For an unsigned one a
            // distinct answer would tell valid padding from invalid (a padding oracle).
            throw signed ? .malformed : .unauthenticated
        }
        guard ConstantTime.equal(push.token, keys.verificationToken.revealForOutboundUse()) else {
            throw .unauthenticated
        }
        if !signed, case .event = push { throw .unauthenticated }
        return push
    }

    private func isFresh(_ timestamp: String) -> Bool {
        guard let seconds = Double(timestamp) else { return false }
        let age = clock.now().timeIntervalSince1970 - seconds
        return age >= -Self.maxFutureSkew && age <= Self.maxAge
    }

    public static func signature(timestamp: String, nonce: String, key: String, body: Data) -> String {
        var hasher = SHA256()
        hasher.update(data: Data((timestamp + nonce + key).utf8))
        hasher.update(data: body)
        return Self.hex(hasher.finalize())
    }

    /// Lowercase hex, without Foundation's `String(format:)`, which costs a microsecond a byte.
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The legacy card callback signature (`card.action.trigger_v1`): hex SHA-1 of timestamp +
    /// nonce + Verification Token + raw body. Kopi's card URL takes the new signed, encrypted
    /// callbacks; this exists so a tenant still on legacy callbacks can be told apart.
    public static func legacySignature(timestamp: String, nonce: String, token: String, body: Data) -> String {
        var hasher = Insecure.SHA1()
        hasher.update(data: Data((timestamp + nonce + token).utf8))
        hasher.update(data: body)
        return Self.hex(hasher.finalize())
    }

    /// Opens `{"encrypt": …}`; nil for anything else, a bad base64, a wrong key or bad padding.
    public static func decrypt(body: Data, encryptKey: String) -> Data? {
        guard let envelope = try? JSONDecoder().decode(LarkWire.EncryptedPush.self, from: body),
            let raw = Data(base64Encoded: envelope.encrypt),
            raw.count >= 32, (raw.count - 16) % 16 == 0
        else { return nil }
        let key = SymmetricKey(data: SHA256.hash(data: Data(encryptKey.utf8)))
        guard let iv = try? AES._CBC.IV(ivBytes: raw.prefix(16)) else { return nil }
        return try? AES._CBC.decrypt(raw.dropFirst(16), using: key, iv: iv)
    }

    /// Encrypts like Lark does (for the fake Lark and tests). `iv` must be 16 bytes.
    public static func encrypt(_ plaintext: Data, encryptKey: String, iv: [UInt8]) -> String {
        let key = SymmetricKey(data: SHA256.hash(data: Data(encryptKey.utf8)))
        let cipher = try! AES._CBC.encrypt(plaintext, using: key, iv: try! AES._CBC.IV(ivBytes: iv))
        return (Data(iv) + cipher).base64EncodedString()
    }
}
