import HTTPTypes

/// The headers a push is judged by, read in one pass over the request's. Each `HTTPFields`
/// subscript scans every field and joins repeats; five of them were 2 % of a push's CPU. Repeats
/// are joined here the same way (`", "`), so a doubled signature still fails as before.
struct LarkPushHeaders {
    var contentLength: String?
    var contentType: String?
    var timestamp: String?
    var nonce: String?
    var signature: String?

    init(_ fields: HTTPFields) {
        for field in fields {
            switch field.name {
            case .contentLength: Self.join(&contentLength, field.value)
            case .contentType: Self.join(&contentType, field.value)
            case Self.timestampName: Self.join(&timestamp, field.value)
            case Self.nonceName: Self.join(&nonce, field.value)
            case Self.signatureName: Self.join(&signature, field.value)
            default: continue
            }
        }
    }

    private static func join(_ slot: inout String?, _ value: String) {
        slot = slot.map { $0 + ", " + value } ?? value
    }

    static let timestampName = HTTPField.Name("X-Lark-Request-Timestamp")!
    static let nonceName = HTTPField.Name("X-Lark-Request-Nonce")!
    static let signatureName = HTTPField.Name("X-Lark-Signature")!
}
