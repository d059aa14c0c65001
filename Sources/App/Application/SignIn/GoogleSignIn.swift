import Crypto
import Domain
public import Foundation
import Logging
import Ports

/// Google sign-in, the authorization code flow with state, nonce and PKCE. State, nonce and
/// verifier are 256-bit and kept server-side (the state only as a hash, nonce and verifier
/// sealed), for ten minutes; the caller also binds the state to the browser (a cookie), so a
/// callback from someone else's attempt cannot sign this browser in.
public struct GoogleSignIn: Sendable {
    let storage: any Storage
    let provider: any IdentityProvider
    let signIn: SignInService
    let runtime: Runtime

    public static let stateLifetime: TimeInterval = 600
    public static let startLimits = (perMinute: 10, perHour: 60)

    /// Where to send the browser, and the state to bind to it.
    public struct Start: Sendable {
        public let url: URL
        public let state: String
    }

    public enum Failure: Error, Equatable {
        /// Google could not be reached or refused: the sign-in page says so.
        case notCompleted
    }

    public var redirectURI: String { runtime.baseURL + "/api/v1/auth/google/callback" }

    /// Starts a sign-in for a client (its rate-limit key); every start stores a row, so a client
    /// gets at most ``startLimits`` of them. Throws ``ApplicationError/rateLimited`` beyond.
    public func start(from client: String) async throws -> Start {
        let now = runtime.clock.now()
        guard
            try await signIn.rateLimiter.allow(
                "google/m/\(client)", limit: Self.startLimits.perMinute, per: 60, now: now),
            try await signIn.rateLimiter.allow(
                "google/h/\(client)", limit: Self.startLimits.perHour, per: 3600, now: now)
        else {
            runtime.metrics.rateLimited("google_start")
            throw ApplicationError.rateLimited
        }
        let state = Base64URL.encode(runtime.randomness.bytes(32))
        let nonce = Base64URL.encode(runtime.randomness.bytes(32))
        let verifier = Base64URL.encode(runtime.randomness.bytes(32))
        let challenge = Base64URL.encode(Array(SHA256.hash(data: Data(verifier.utf8))))
        do {
            let url = try await provider.authorizationURL(
                state: state, nonce: nonce, codeChallenge: challenge, redirectURI: redirectURI)
            try await storage.auth.insertOAuthState(
                OAuthState(
                    stateHash: SignInService.hash(state), nonce: Secret(nonce), codeVerifier: Secret(verifier),
                    expiresAt: runtime.clock.now().addingTimeInterval(Self.stateLifetime)))
            return Start(url: url, state: state)
        } catch let error as IdentityError {
            runtime.logger.warning("google sign-in could not start", metadata: ["error": "\(error)"])
            throw Failure.notCompleted
        }
    }

    /// The callback: `state` must equal the one bound to this browser and be known and unused.
    /// Throws ``Failure/notCompleted`` for anything Google or the browser got wrong, and
    /// ``ApplicationError`` when the identity may not sign in here.
    public func finish(code: String, state: String, boundState: String?, replacing previous: String?) async throws
        -> SignInService.SignedIn
    {
        do {
            let signedIn = try await verify(code: code, state: state, boundState: boundState, replacing: previous)
            runtime.metrics.signIn(method: "google", succeeded: true)
            return signedIn
        } catch {
            runtime.metrics.signIn(method: "google", succeeded: false)
            throw error
        }
    }

    private func verify(code: String, state: String, boundState: String?, replacing previous: String?) async throws
        -> SignInService.SignedIn
    {
        guard state.count <= 100, let boundState, ConstantTime.equal(boundState, state),
            let stored = try await storage.auth.consumeOAuthState(
                hash: SignInService.hash(state), now: runtime.clock.now())
        else { throw Failure.notCompleted }
        do {
            let identity = try await provider.identity(
                code: code, codeVerifier: stored.codeVerifier.revealForOutboundUse(),
                nonce: stored.nonce.revealForOutboundUse(), redirectURI: redirectURI)
            return try await signIn.signIn(google: identity, replacing: previous)
        } catch let error as IdentityError {
            runtime.logger.notice("google sign-in refused", metadata: ["error": "\(error)"])
            throw Failure.notCompleted
        }
    }
}

extension GoogleSignIn {
    /// Google sign-in when an identity provider is configured; nil hides it.
    public init?(services: AppServices) {
        guard let provider = services.identityProvider else { return nil }
        self.init(
            storage: services.storage, provider: provider, signIn: SignInService(services: services),
            runtime: services.runtime)
    }
}
