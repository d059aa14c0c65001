public import Domain
public import Foundation

/// An OpenID Connect client: `KOPI_GOOGLE_CLIENT_ID`, `_SECRET` and `_ISSUER` (Google by default;
/// tests point it at a fake provider on loopback).
public struct OIDCConfiguration: Sendable {
    public static let googleIssuer = "https://accounts.google.com"

    public let clientID: String
    public let clientSecret: Secret
    public let issuer: String
    /// Clock skew allowed on `exp` and `iat`.
    public var leeway: TimeInterval = 60

    public init(clientID: String, clientSecret: Secret, issuer: String = OIDCConfiguration.googleIssuer) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.issuer = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
    }

    /// The `iss` values accepted: the issuer, and for Google its legacy scheme-less form.
    var acceptedIssuers: Set<String> {
        issuer == Self.googleIssuer ? [issuer, "accounts.google.com"] : [issuer]
    }
}
