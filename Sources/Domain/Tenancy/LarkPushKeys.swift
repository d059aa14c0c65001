/// The two credentials that authenticate a push to a tenant's webhook: the Encrypt Key (signature
/// and decryption) and the Verification Token. Never the App Secret, which only the code that
/// calls Lark reads; this is what intake may keep in memory.
public struct LarkPushKeys: Sendable, Hashable {
    public let encryptKey: Secret
    public let verificationToken: Secret

    public init(encryptKey: Secret, verificationToken: Secret) {
        self.encryptKey = encryptKey
        self.verificationToken = verificationToken
    }
}

extension LarkConnection {
    public var pushKeys: LarkPushKeys { LarkPushKeys(encryptKey: encryptKey, verificationToken: verificationToken) }
}
