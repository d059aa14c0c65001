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
        return Hex.lowercase(hasher.finalize())
    }

    /// The legacy card callback signature (`card.action.trigger_v1`): hex SHA-1 of timestamp +
    /// nonce + Verification Token + raw body. Kopi's card URL takes the new signed, encrypted
    /// callbacks; this exists so a tenant still on legacy callbacks can be told apart.
    public static func legacySignature(timestamp: String, nonce: String, token: String, body: Data) -> String {
        var hasher = Insecure.SHA1()
        hasher.update(data: Data((timestamp + nonce + token).utf8))
        hasher.update(data: body)
        return Hex.lowercase(hasher.finalize())
    }

    /// Opens `{"encrypt": …}`; nil for anything else, a bad base64, a wrong key or bad padding.
    public static func decrypt(body: Data, encryptKey: String) -> Data? {
        guard
            let encrypted = envelopeValue(body)
                ?? (try? JSONValue.parse(body))?["encrypt"]?.string,
            let raw = Data(base64Encoded: encrypted),
            raw.count >= 32, (raw.count - 16) % 16 == 0
        else { return nil }
        let key = SymmetricKey(data: SHA256.hash(data: Data(encryptKey.utf8)))
        guard let iv = try? AES._CBC.IV(ivBytes: raw.prefix(16)) else { return nil }
        return try? AES._CBC.decrypt(raw.dropFirst(16), using: key, iv: iv)
    }

    /// The value of a body that is exactly `{"encrypt": "…"}` (what Lark sends), read without a
    /// JSON decoder; nil for anything else, which the decoder then reads.
    static func envelopeValue(_ body: Data) -> String? {
        body.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            func skipSpace() {
                while index < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 }
            }
            func expect(_ text: StaticString) -> Bool {
                let count = text.utf8CodeUnitCount
                guard index + count <= bytes.count else { return false }
                for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
                index += count
                return true
            }
            skipSpace()
            guard expect("{") else { return nil }
            skipSpace()
            guard expect("\"encrypt\"") else { return nil }
            skipSpace()
            guard expect(":") else { return nil }
            skipSpace()
            guard expect("\"") else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != 0x22 {
                if bytes[index] == 0x5c { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            index += 1
            skipSpace()
            guard expect("}") else { return nil }
            skipSpace()
            return index == bytes.count ? value : nil
        }
    }

    /// Encrypts like Lark does (for the fake Lark and tests). `iv` must be 16 bytes.
    public static func encrypt(_ plaintext: Data, encryptKey: String, iv: [UInt8]) -> String {
        let key = SymmetricKey(data: SHA256.hash(data: Data(encryptKey.utf8)))
        let cipher = try! AES._CBC.encrypt(plaintext, using: key, iv: try! AES._CBC.IV(ivBytes: iv))
        return (Data(iv) + cipher).base64EncodedString()
    }
}
