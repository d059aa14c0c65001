import Adapters
import Domain
import Foundation
import Ports
import Testing

@Suite("AES-GCM secret sealing")
struct AESGCMSecretSealerTests {
    static let keyA = Data(repeating: 1, count: 32).base64EncodedString()
    static let keyB = Data(repeating: 2, count: 32).base64EncodedString()
    let context = SealingContext.tenant(Identifier(UUID()), field: "app_secret")

    @Test("Sealing round-trips, never contains the clear text, and differs every time")
    func roundTrip() throws {
        let sealer = AESGCMSecretSealer(keyring: try MasterKeyring(parsing: Self.keyA))
        let first = try sealer.seal(Secret("plain-text-value"), context: context)
        let second = try sealer.seal(Secret("plain-text-value"), context: context)
        #expect(try sealer.open(first, context: context).revealForOutboundUse() == "plain-text-value")
        #expect(first != second)
        #expect(!String(decoding: first, as: UTF8.self).contains("plain-text-value"))
    }

    @Test("Tampered or truncated bytes do not open")
    func tampering() throws {
        let sealer = AESGCMSecretSealer(keyring: try MasterKeyring(parsing: Self.keyA))
        var sealed = try sealer.seal(Secret("v"), context: context)
        sealed[sealed.count - 1] ^= 0x01
        #expect(throws: SealingError.authenticationFailed) { try sealer.open(sealed, context: context) }
        #expect(throws: SealingError.malformed) { try sealer.open(Array(sealed.prefix(10)), context: context) }
        #expect(throws: SealingError.malformed) { try sealer.open([9, 9, 9], context: context) }
    }

    @Test("Rotation: the first key seals, every listed key opens, an unknown key id is named")
    func rotation() throws {
        let old = AESGCMSecretSealer(keyring: try MasterKeyring(parsing: "k1:\(Self.keyA)"))
        let rotated = AESGCMSecretSealer(keyring: try MasterKeyring(parsing: "k2:\(Self.keyB),k1:\(Self.keyA)"))
        let sealedOld = try old.seal(Secret("v"), context: context)
        #expect(try rotated.open(sealedOld, context: context).revealForOutboundUse() == "v")
        #expect(rotated.keyID(of: sealedOld) == "k1" && rotated.currentKeyID == "k2")
        let sealedNew = try rotated.seal(Secret("v"), context: context)
        #expect(rotated.keyID(of: sealedNew) == "k2")
        #expect(rotated.keyID(of: [1]) == nil && rotated.keyID(of: [1, 40, 65]) == nil)
        #expect(throws: SealingError.unknownKey(id: "k2")) { try old.open(sealedNew, context: context) }
    }

    @Test("Malformed master keys are rejected with a reason that does not echo the key")
    func keyringErrors() throws {
        #expect(throws: MasterKeyError.badKey(position: 1)) { try MasterKeyring(parsing: "c2hvcnQ=") }
        #expect(throws: MasterKeyError.badKey(position: 2)) {
            try MasterKeyring(parsing: "a:\(Self.keyA),b:not-base64!")
        }
        #expect(throws: MasterKeyError.badKeyID(position: 2)) {
            try MasterKeyring(parsing: "a:\(Self.keyA),\(Self.keyB)")
        }
        #expect(throws: MasterKeyError.repeatedKeyID("a")) {
            try MasterKeyring(parsing: "a:\(Self.keyA),a:\(Self.keyB)")
        }
        #expect(throws: MasterKeyError.empty) { try MasterKeyring(parsing: " ") }
        #expect(!MasterKeyError.badKey(position: 1).description.contains("c2hvcnQ"))
        #expect(try MasterKeyring(parsing: MasterKeyring.generateText()).currentKeyID == "k1")
    }
}
