import Crypto
import Domain
import Foundation
import Ports
import _CryptoExtras

/// Validates an ID token (OIDC Core §3.1.3.7): RS256 only, signed by a key of the provider's JWKS,
/// `iss`, `aud` (and `azp` when several audiences), `exp`/`iat` within leeway, `nonce`,
/// `email_verified`, and a usable `sub` and `email`.
struct IDTokenValidator: Sendable {
    let configuration: OIDCConfiguration

    struct Header: Decodable {
        let alg: String
        let kid: String?
    }

    /// The key id of the token's header, when the header is RS256 at all.
    static func keyID(of token: String) throws(IdentityError) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(String(parts[0])),
            let header = try? JSONDecoder().decode(Header.self, from: data)
        else { throw IdentityError(.invalidToken, reason: "malformed") }
        guard header.alg == "RS256" else { throw IdentityError(.invalidToken, reason: "alg") }
        return header.kid
    }

    func validate(_ token: String, keys: [String: _RSA.Signing.PublicKey], nonce: String, now: Date)
        throws(IdentityError) -> VerifiedIdentity
    {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let kid = try Self.keyID(of: token)
        let candidates = kid.map { keys[$0].map { [$0] } ?? [] } ?? Array(keys.values)
        guard let signature = Base64URL.decode(parts[2]), !candidates.isEmpty else {
            throw IdentityError(.invalidToken, reason: "key")
        }
        let signed = Data((parts[0] + "." + parts[1]).utf8)
        let verified = candidates.contains {
            $0.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: signed),
                padding: .insecurePKCS1v1_5)
        }
        guard verified else { throw IdentityError(.invalidToken, reason: "signature") }
        guard let payload = Base64URL.decode(parts[1]),
            let claims = try? JSONSerialization.jsonObject(with: payload) as? [String: Any]
        else {
            throw IdentityError(.invalidToken, reason: "claims")
        }
        guard let issuer = claims["iss"] as? String, configuration.acceptedIssuers.contains(issuer) else {
            throw IdentityError(.invalidToken, reason: "iss")
        }
        let audiences = (claims["aud"] as? String).map { [$0] } ?? (claims["aud"] as? [String] ?? [])
        guard audiences.contains(configuration.clientID) else { throw IdentityError(.invalidToken, reason: "aud") }
        if audiences.count > 1 || claims["azp"] != nil {
            guard claims["azp"] as? String == configuration.clientID else {
                throw IdentityError(.invalidToken, reason: "azp")
            }
        }
        guard let expires = (claims["exp"] as? NSNumber)?.doubleValue,
            now.timeIntervalSince1970 < expires + configuration.leeway
        else {
            throw IdentityError(.invalidToken, reason: "exp")
        }
        if let issued = (claims["iat"] as? NSNumber)?.doubleValue,
            issued > now.timeIntervalSince1970 + configuration.leeway
        {
            throw IdentityError(.invalidToken, reason: "iat")
        }
        guard let tokenNonce = claims["nonce"] as? String, ConstantTime.equal(tokenNonce, nonce) else {
            throw IdentityError(.invalidToken, reason: "nonce")
        }
        guard let subject = claims["sub"] as? String, !subject.isEmpty, subject.count <= 255 else {
            throw IdentityError(.invalidToken, reason: "sub")
        }
        let emailVerified = claims["email_verified"] as? Bool ?? ((claims["email_verified"] as? String) == "true")
        guard let email = (claims["email"] as? String).flatMap(EmailAddress.init) else {
            throw IdentityError(.invalidToken, reason: "email")
        }
        guard emailVerified else { throw IdentityError(.emailNotVerified) }
        return VerifiedIdentity(issuer: issuer, subject: subject, email: email, hostedDomain: claims["hd"] as? String)
    }
}
