import Adapters
import Crypto
import Domain
import Foundation
import _CryptoExtras

/// What the fake OpenID provider knows: one client, the person who "signs in", pending codes,
/// and how the next ID token should be spoiled (to prove each check).
public actor FakeOIDCState {
    public enum Spoil: String, Sendable, CaseIterable {
        case none, wrongAudience, wrongIssuer, expired, wrongNonce, unverifiedEmail, badSignature, algNone, unknownKey,
            extraAudienceWithoutAzp
    }

    public struct Person: Sendable {
        public var subject: String
        public var email: String
        public var emailVerified: Bool
        public var hostedDomain: String?

        public init(subject: String, email: String, emailVerified: Bool = true, hostedDomain: String? = nil) {
            self.subject = subject
            self.email = email
            self.emailVerified = emailVerified
            self.hostedDomain = hostedDomain
        }
    }

    struct Authorization {
        let clientID: String
        let redirectURI: String
        let nonce: String
        let challenge: String
        var used = false
    }

    public nonisolated let clientID: String
    public nonisolated let clientSecret: String
    public var person = Person(subject: "1098765432101234567890", email: "gina@gmail.com")
    public var spoil = Spoil.none
    var issuer = ""
    var codes: [String: Authorization] = [:]
    let key: _RSA.Signing.PrivateKey
    let otherKey: _RSA.Signing.PrivateKey

    public init(clientID: String = "kopi-test-client", clientSecret: String = "kopi-test-secret") {
        self.clientID = clientID
        self.clientSecret = clientSecret
        key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
        otherKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    public func setPerson(_ person: Person) { self.person = person }
    public func setSpoil(_ spoil: Spoil) { self.spoil = spoil }

    func setIssuer(_ issuer: String) { self.issuer = issuer }

    func authorize(clientID: String, redirectURI: String, nonce: String, challenge: String) -> String? {
        guard clientID == self.clientID, !nonce.isEmpty, challenge.count >= 43 else { return nil }
        let code = "code-" + UUID().uuidString
        codes[code] = Authorization(clientID: clientID, redirectURI: redirectURI, nonce: nonce, challenge: challenge)
        return code
    }

    /// The ID token for a code exchange, or nil when anything about the exchange is wrong.
    func exchange(code: String, clientID: String, secret: String, redirectURI: String, verifier: String) -> String? {
        guard var authorization = codes[code], !authorization.used, clientID == self.clientID, secret == clientSecret,
            redirectURI == authorization.redirectURI,
            Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8)))) == authorization.challenge
        else { return nil }
        authorization.used = true
        codes[code] = authorization
        return idToken(nonce: authorization.nonce)
    }

    /// The key set as JSON.
    func jwks() -> Data {
        let primitives = try! key.publicKey.getKeyPrimitives()
        let set = [
            "keys": [
                [
                    "kty": "RSA", "use": "sig", "alg": "RS256", "kid": "k1", "n": Base64URL.encode(primitives.modulus),
                    "e": Base64URL.encode(primitives.publicExponent),
                ]
            ]
        ]
        return try! JSONSerialization.data(withJSONObject: set)
    }

    func idToken(nonce: String) -> String {
        let now = Date().timeIntervalSince1970
        var claims: [String: Any] = [
            "iss": spoil == .wrongIssuer ? "https://evil.example" : issuer,
            "aud": spoil == .wrongAudience ? "someone-else" : clientID,
            "sub": person.subject, "email": person.email,
            "email_verified": spoil == .unverifiedEmail ? false : person.emailVerified,
            "iat": Int(now), "exp": Int(spoil == .expired ? now - 3600 : now + 3600),
            "nonce": spoil == .wrongNonce ? "not-the-nonce" : nonce,
        ]
        if spoil == .extraAudienceWithoutAzp { claims["aud"] = [clientID, "another-client"] }
        if let domain = person.hostedDomain { claims["hd"] = domain }
        let header: [String: Any] =
            spoil == .algNone
            ? ["alg": "none"] : ["alg": "RS256", "kid": spoil == .unknownKey ? "k-unknown" : "k1", "typ": "JWT"]
        let input =
            Base64URL.encode(try! JSONSerialization.data(withJSONObject: header)) + "."
            + Base64URL.encode(try! JSONSerialization.data(withJSONObject: claims))
        if spoil == .algNone { return input + "." }
        let signer = spoil == .badSignature || spoil == .unknownKey ? otherKey : key
        let signature = try! signer.signature(for: SHA256.hash(data: Data(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + Base64URL.encode(signature.rawRepresentation)
    }
}
