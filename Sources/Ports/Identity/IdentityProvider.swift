public import Domain
public import Foundation

/// An OpenID Connect provider (Google) for the authorization code flow with state, nonce and PKCE.
public protocol IdentityProvider: Sendable {
    /// Where to send the browser: `response_type=code`, `scope=openid email`, the state, the nonce
    /// and the S256 challenge of this attempt.
    func authorizationURL(state: String, nonce: String, codeChallenge: String, redirectURI: String)
        async throws(IdentityError) -> URL
    /// Exchanges the code with the client secret and PKCE verifier, then validates the ID token:
    /// RS256 signature by a key of the provider's JWKS, `iss`, `aud` (and `azp`), `exp`/`iat`,
    /// `nonce` and `email_verified`.
    func identity(code: String, codeVerifier: String, nonce: String, redirectURI: String) async throws(IdentityError)
        -> VerifiedIdentity
}

/// Who the provider says signed in.
public struct VerifiedIdentity: Hashable, Sendable {
    public let issuer: String
    /// The stable account id (`sub`): accounts are keyed by it, never by e-mail.
    public let subject: String
    public let email: EmailAddress
    /// The Workspace domain (`hd`), when the account belongs to one.
    public let hostedDomain: String?

    public init(issuer: String, subject: String, email: EmailAddress, hostedDomain: String?) {
        self.issuer = issuer
        self.subject = subject
        self.email = email
        self.hostedDomain = hostedDomain
    }

    /// Whether the provider is authoritative for the address, so it may be linked to an existing
    /// account with that e-mail: Gmail addresses and Workspace accounts.
    public var isAuthoritativeForEmail: Bool {
        hostedDomain != nil || email.value.hasSuffix("@gmail.com")
    }
}

public struct IdentityError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The provider could not be reached or answered with a server error.
        case unavailable
        /// The code exchange was refused (bad, used or expired code, wrong verifier or secret).
        case exchangeRefused = "exchange_refused"
        /// The ID token failed validation; `reason` says which check.
        case invalidToken = "invalid_token"
        /// The e-mail address is not verified by the provider.
        case emailNotVerified = "email_not_verified"
    }

    public let kind: Kind
    public let reason: String?

    public init(_ kind: Kind, reason: String? = nil) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "identity.\(kind.rawValue)" + (reason.map { "(\($0))" } ?? "") }
}
