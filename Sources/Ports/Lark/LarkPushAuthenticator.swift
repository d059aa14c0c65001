public import Domain
public import Foundation

/// Authenticates and opens a push to a tenant's webhook: signature over the raw body with the
/// Encrypt Key, AES-256-CBC decryption, then the Verification Token. Every failure is the same
/// ``LarkPushRejection/unauthenticated``, so a caller learns nothing from the answer.
public protocol LarkPushAuthenticator: Sendable {
    func open(_ request: LarkPushRequest, keys: LarkPushKeys) throws(LarkPushRejection) -> LarkPush
}

/// The parts of an HTTP request that authenticate a push.
public struct LarkPushRequest: Sendable {
    public let body: Data
    public let timestamp: String?
    public let nonce: String?
    public let signature: String?

    public init(body: Data, timestamp: String?, nonce: String?, signature: String?) {
        self.body = body
        self.timestamp = timestamp
        self.nonce = nonce
        self.signature = signature
    }
}

public enum LarkPushRejection: Error, Hashable, Sendable {
    /// Bad or missing signature, undecryptable body, wrong token, timestamp out of window.
    case unauthenticated
    /// Authenticated, but the decrypted JSON is not a push Kopi understands.
    case malformed
}
