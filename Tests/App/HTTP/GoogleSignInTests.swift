import Adapters
import Domain
import Fakes
import Foundation
import HTTPTypes
import Logging
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Google sign-in against a fake OpenID provider")
struct GoogleSignInTests {
    static func withProvider(_ body: @Sendable (WebFixture, FakeOIDCServer) async throws -> Void) async throws {
        let oidc = try await FakeOIDCServer.start()
        var fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        fixture.identityProvider = OIDCProvider(
            http: CurlHTTPClient(threads: 2),
            configuration: OIDCConfiguration(
                clientID: oidc.state.clientID, clientSecret: Secret(oidc.state.clientSecret), issuer: oidc.issuer),
            clock: SystemWallClock(), logger: Logger(label: "test"))
        do {
            try await body(fixture, oidc)
            await oidc.stop()
        } catch {
            await oidc.stop()
            throw error
        }
    }

    struct Attempt {
        let callback: WebClient.Reply
        let authorizeURL: URLComponents
    }

    /// Starts at Kopi, lets the fake provider answer the authorization request, and comes back.
    static func attempt(_ web: WebClient, tamper: (inout URLComponents, inout String?) -> Void = { _, _ in })
        async throws -> Attempt
    {
        let start = try await web.get("/api/v1/auth/google/start")
        #expect(start.status == .seeOther)
        let authorize = try #require(start.headers[.location].flatMap(URLComponents.init(string:)))
        var cookie = start.headers[.setCookie].map { String($0.split(separator: ";")[0]) }
        let provider = try await CurlHTTPClient(threads: 1).send(
            HTTPClientRequest(method: "GET", url: authorize.string!))
        var back = try #require(provider.headers["location"].flatMap(URLComponents.init(string:)))
        tamper(&back, &cookie)
        var client = web
        if let cookie { client.cookie = [web.cookie, cookie].compactMap { $0 }.joined(separator: "; ") }
        let callback = try await client.get("/api/v1/auth/google/callback?\(back.percentEncodedQuery ?? "")")
        return Attempt(callback: callback, authorizeURL: authorize)
    }

    static func session(_ reply: WebClient.Reply) -> String? {
        reply.headers[values: .setCookie].first { $0.hasPrefix("__Host-kopi_session=") }.map {
            String($0.split(separator: ";")[0])
        }
    }

    @Test("Hidden when not configured")
    func hidden() async throws {
        let fixture = WebFixture(storage: InMemoryStorage(sealer: TestServices.sealer))
        try await fixture.run { web in
            #expect(try await web.get("/api/v1/auth/google/start").status == .notFound)
            #expect(try await web.get("/api/v1/auth/google/callback?code=x&state=y").status == .notFound)
            let page = try await web.get("/sign-in")
            #expect(!page.body.contains("Google"))
        }
    }

    @Test("Each start stores a row, so one client gets 10 starts a minute and the 11th is refused")
    func startThrottled() async throws {
        try await Self.withProvider { fixture, _ in
            try await fixture.run { web in
                var statuses: [HTTPResponse.Status] = []
                for _ in 0..<11 { statuses.append(try await web.get("/api/v1/auth/google/start").status) }
                #expect(statuses.prefix(10).allSatisfy { $0 == .seeOther } && statuses.last == .tooManyRequests)
                fixture.clock.advance(61)
                #expect(try await web.get("/api/v1/auth/google/start").status == .seeOther)
            }
        }
    }

    @Test("Code flow with state, nonce and PKCE signs in, keyed by the Google subject")
    func signsIn() async throws {
        try await Self.withProvider { fixture, oidc in
            try await fixture.run { web in
                #expect(try await web.get("/sign-in").body.contains("Sign in with Google"))
                let attempt = try await Self.attempt(web)
                let query = Dictionary(
                    uniqueKeysWithValues: (attempt.authorizeURL.queryItems ?? []).map { ($0.name, $0.value ?? "") })
                #expect(
                    query["response_type"] == "code" && query["code_challenge_method"] == "S256"
                        && query["scope"] == "openid email")
                #expect(
                    (query["state"]?.count ?? 0) >= 43 && (query["nonce"]?.count ?? 0) >= 43
                        && query["code_challenge"]?.count == 43)
                #expect(query["redirect_uri"] == "http://localhost:8080/api/v1/auth/google/callback")

                #expect(attempt.callback.status == .seeOther && attempt.callback.headers[.location] == "/approvals")
                let cookie = try #require(Self.session(attempt.callback))
                #expect(
                    attempt.callback.headers[values: .setCookie].contains {
                        $0.hasPrefix("__Host-kopi_oauth=;") && $0.contains("Max-Age=0")
                    })
                var signed = web
                signed.cookie = cookie
                #expect(try await signed.get("/api/v1/auth/me").body.contains("gina@gmail.com"))
                let user = try #require(
                    try await fixture.storage.directory.user(googleSubject: "1098765432101234567890"))
                #expect(user.email.value == "gina@gmail.com")

                // The same Google account under a new address is still the same user.
                await oidc.state.setPerson(.init(subject: "1098765432101234567890", email: "gina.new@gmail.com"))
                let again = try await Self.attempt(web)
                var second = web
                second.cookie = Self.session(again.callback)
                #expect(try await second.get("/api/v1/auth/me").body.contains(user.id.description))
            }
        }
    }

    @Test(
        "Every spoiled ID token is refused and signs nobody in",
        arguments: FakeOIDCState.Spoil.allCases.filter { $0 != .none })
    func spoiledTokens(spoil: FakeOIDCState.Spoil) async throws {
        try await Self.withProvider { fixture, oidc in
            await oidc.state.setSpoil(spoil)
            try await fixture.run { web in
                let attempt = try await Self.attempt(web)
                #expect(
                    attempt.callback.status == .seeOther
                        && attempt.callback.headers[.location] == "/sign-in?error=google", "\(spoil)")
                #expect(Self.session(attempt.callback) == nil)
            }
            #expect(try await fixture.storage.directory.user(googleSubject: "1098765432101234567890") == nil)
        }
    }

    @Test("A callback without this browser's state cookie, with another state, or replayed, is refused")
    func stateBinding() async throws {
        try await Self.withProvider { fixture, _ in
            try await fixture.run { web in
                let noCookie = try await Self.attempt(web) { _, cookie in cookie = nil }
                #expect(
                    noCookie.callback.headers[.location] == "/sign-in?error=google"
                        && Self.session(noCookie.callback) == nil)
                let otherState = try await Self.attempt(web) { components, _ in
                    components.queryItems = components.queryItems?.map {
                        $0.name == "state" ? URLQueryItem(name: "state", value: "forged") : $0
                    }
                }
                #expect(otherState.callback.headers[.location] == "/sign-in?error=google")
                let denied = try await Self.attempt(web) { components, _ in
                    components.queryItems =
                        [URLQueryItem(name: "error", value: "access_denied")] + (components.queryItems ?? [])
                }
                #expect(denied.callback.headers[.location] == "/sign-in?error=google")

                // Replaying a finished callback (same state and code) is refused.
                var replay: (String, String?)?
                let first = try await Self.attempt(web) { components, cookie in
                    replay = (components.percentEncodedQuery ?? "", cookie)
                }
                #expect(Self.session(first.callback) != nil)
                var again = web
                again.cookie = replay?.1
                let replayed = try await again.get("/api/v1/auth/google/callback?\(replay?.0 ?? "")")
                #expect(replayed.headers[.location] == "/sign-in?error=google")
            }
        }
    }

    @Test("Google links to an existing account only when authoritative for the address")
    func linking() async throws {
        try await Self.withProvider { fixture, oidc in
            try await fixture.run { web in
                _ = try await web.signedIn("sam@corp.example", mailer: fixture.mailer)
                await oidc.state.setPerson(.init(subject: "sub-sam", email: "sam@corp.example"))
                let refused = try await Self.attempt(web)
                #expect(
                    refused.callback.status == .conflict
                        && refused.callback.body.contains("sign in with an e-mail link"))

                await oidc.state.setPerson(
                    .init(subject: "sub-sam", email: "sam@corp.example", hostedDomain: "corp.example"))
                let linked = try await Self.attempt(web)
                #expect(Self.session(linked.callback) != nil)
                #expect(
                    try await fixture.storage.directory.user(email: EmailAddress("sam@corp.example")!)?.googleSubject
                        == "sub-sam")
            }
        }
    }
}
