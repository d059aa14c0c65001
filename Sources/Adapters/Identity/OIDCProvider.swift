import Crypto
import Domain
public import Foundation
public import Logging
public import Ports
import _CryptoExtras

/// The authorization code flow against an OpenID provider over libcurl: discovery document and
/// JWKS cached (the JWKS refetched once when a token names an unknown key), code exchange with
/// client secret and PKCE verifier, then ``IDTokenValidator``. Outbound calls need https except
/// to loopback.
public final class OIDCProvider: IdentityProvider {
    let http: any HTTPClient
    let configuration: OIDCConfiguration
    let clock: any WallClock
    let logger: Logger
    private let cache = OIDCCache()

    public init(http: any HTTPClient, configuration: OIDCConfiguration, clock: any WallClock, logger: Logger) {
        self.http = http
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    struct Discovery: Decodable, Sendable {
        let issuer: String
        let authorizationEndpoint: String
        let tokenEndpoint: String
        let jwksURI: String

        enum CodingKeys: String, CodingKey {
            case issuer
            case authorizationEndpoint = "authorization_endpoint"
            case tokenEndpoint = "token_endpoint"
            case jwksURI = "jwks_uri"
        }
    }

    public func authorizationURL(state: String, nonce: String, codeChallenge: String, redirectURI: String)
        async throws(IdentityError) -> URL
    {
        let discovery = try await discovery()
        var components = URLComponents(string: discovery.authorizationEndpoint)
        let existing = components?.queryItems ?? []
        components?.queryItems =
            existing + [
                URLQueryItem(name: "response_type", value: "code"),
                URLQueryItem(name: "client_id", value: configuration.clientID),
                URLQueryItem(name: "redirect_uri", value: redirectURI),
                URLQueryItem(name: "scope", value: "openid email"),
                URLQueryItem(name: "state", value: state), URLQueryItem(name: "nonce", value: nonce),
                URLQueryItem(name: "code_challenge", value: codeChallenge),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
                URLQueryItem(name: "prompt", value: "select_account"),
                URLQueryItem(name: "access_type", value: "online"),
            ]
        guard let url = components?.url else { throw IdentityError(.unavailable, reason: "authorization_endpoint") }
        return url
    }

    public func identity(code: String, codeVerifier: String, nonce: String, redirectURI: String)
        async throws(IdentityError) -> VerifiedIdentity
    {
        let discovery = try await discovery()
        let form = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ("client_id", configuration.clientID),
            ("client_secret", configuration.clientSecret.revealForOutboundUse()), ("code_verifier", codeVerifier),
        ].map { "\($0.0)=\(Self.formEscape($0.1))" }.joined(separator: "&")
        let response = try await send(
            HTTPClientRequest(
                method: "POST", url: discovery.tokenEndpoint,
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                body: Data(form.utf8),
                maxResponseBytes: 256 * 1024))
        guard response.status == 200 else {
            logger.notice("oidc code exchange refused", metadata: ["status": "\(response.status)"])
            throw IdentityError(response.status >= 500 ? .unavailable : .exchangeRefused)
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let idToken = object["id_token"] as? String
        else {
            throw IdentityError(.invalidToken, reason: "missing id_token")
        }
        var keys = try await keys(discovery, refresh: false)
        if let kid = try IDTokenValidator.keyID(of: idToken), keys[kid] == nil {
            keys = try await self.keys(discovery, refresh: true)
        }
        return try IDTokenValidator(configuration: configuration).validate(
            idToken, keys: keys, nonce: nonce, now: clock.now())
    }

    private func discovery() async throws(IdentityError) -> Discovery {
        if let cached = await cache.discovery { return cached }
        let response = try await send(
            HTTPClientRequest(
                method: "GET", url: configuration.issuer + "/.well-known/openid-configuration",
                maxResponseBytes: 256 * 1024))
        guard response.status == 200, let discovery = try? JSONDecoder().decode(Discovery.self, from: response.body),
            discovery.issuer == configuration.issuer
        else { throw IdentityError(.unavailable, reason: "discovery") }
        for endpoint in [discovery.authorizationEndpoint, discovery.tokenEndpoint, discovery.jwksURI]
        where !Self.isAllowed(endpoint) {
            throw IdentityError(.unavailable, reason: "insecure endpoint")
        }
        await cache.store(discovery)
        return discovery
    }

    private func keys(_ discovery: Discovery, refresh: Bool) async throws(IdentityError) -> [String: _RSA.Signing
        .PublicKey]
    {
        if !refresh, let cached = await cache.keys, cached.fetchedAt.addingTimeInterval(3600) > clock.now() {
            return cached.keys
        }
        let response = try await send(
            HTTPClientRequest(method: "GET", url: discovery.jwksURI, maxResponseBytes: 256 * 1024))
        guard response.status == 200,
            let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let entries = object["keys"] as? [[String: Any]]
        else { throw IdentityError(.unavailable, reason: "jwks") }
        var keys: [String: _RSA.Signing.PublicKey] = [:]
        for (index, entry) in entries.enumerated()
        where entry["kty"] as? String == "RSA" && (entry["use"] as? String ?? "sig") == "sig" {
            guard (entry["alg"] as? String ?? "RS256") == "RS256",
                let n = (entry["n"] as? String).flatMap(Base64URL.decode),
                let e = (entry["e"] as? String).flatMap(Base64URL.decode),
                let key = try? _RSA.Signing.PublicKey(n: n, e: e)
            else { continue }
            keys[entry["kid"] as? String ?? "key-\(index)"] = key
        }
        await cache.store(keys, at: clock.now())
        return keys
    }

    private func send(_ request: HTTPClientRequest) async throws(IdentityError) -> HTTPClientResponse {
        guard Self.isAllowed(request.url) else { throw IdentityError(.unavailable, reason: "insecure endpoint") }
        do {
            return try await http.send(request)
        } catch {
            throw IdentityError(.unavailable, reason: "transport")
        }
    }

    /// https, or http to a loopback address (for local fakes).
    static func isAllowed(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let host = components.host else { return false }
        if components.scheme == "https" { return true }
        return components.scheme == "http" && (host == "localhost" || host.hasPrefix("127.") || host == "::1")
    }

    static func formEscape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// The provider's discovery document and signing keys.
actor OIDCCache {
    private(set) var discovery: OIDCProvider.Discovery?
    private(set) var keys: (keys: [String: _RSA.Signing.PublicKey], fetchedAt: Date)?

    func store(_ discovery: OIDCProvider.Discovery) { self.discovery = discovery }
    func store(_ keys: [String: _RSA.Signing.PublicKey], at date: Date) { self.keys = (keys, date) }
}
