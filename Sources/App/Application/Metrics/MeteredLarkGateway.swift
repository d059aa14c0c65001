public import Domain
public import Foundation
public import Ports

/// A ``LarkGateway`` that counts and times every call by Lark endpoint and outcome (`ok`, or the
/// ``LarkError`` kind after the gateway's own retries).
public struct MeteredLarkGateway: LarkGateway {
    let base: any LarkGateway
    let metrics: KopiMetrics

    public init(_ base: any LarkGateway, metrics: KopiMetrics) {
        self.base = base
        self.metrics = metrics
    }

    public func verifyCredentials(_ app: LarkApp) async throws(LarkError) {
        try await measured("tenant_access_token") { () async throws(LarkError) in try await base.verifyCredentials(app)
        }
    }

    public func approvalDefinition(_ approvalCode: String, app: LarkApp) async throws(LarkError)
        -> LarkApprovalDefinition
    {
        try await measured("approval_definition") { () async throws(LarkError) in
            try await base.approvalDefinition(approvalCode, app: app)
        }
    }

    public func subscribe(_ approvalCode: String, app: LarkApp) async throws(LarkError) {
        try await measured("approval_subscribe") { () async throws(LarkError) in
            try await base.subscribe(approvalCode, app: app)
        }
    }

    public func instance(_ instanceCode: String, app: LarkApp) async throws(LarkError) -> LarkInstance {
        try await measured("instance") { () async throws(LarkError) in try await base.instance(instanceCode, app: app) }
    }

    public func instanceCodes(_ approvalCode: String, from: Date, to: Date, app: LarkApp) async throws(LarkError)
        -> [String]
    {
        try await measured("instance_list") { () async throws(LarkError) in
            try await base.instanceCodes(approvalCode, from: from, to: to, app: app)
        }
    }

    public func download(_ reference: AttachmentReference, maxBytes: Int) async throws(LarkError)
        -> FetchedAttachment
    {
        try await measured("attachment_download") { () async throws(LarkError) in
            try await base.download(reference, maxBytes: maxBytes)
        }
    }

    public func sendCard(_ card: String, to openID: String, idempotencyKey: String, app: LarkApp)
        async throws(LarkError) -> String
    {
        try await measured("message_send") { () async throws(LarkError) in
            try await base.sendCard(card, to: openID, idempotencyKey: idempotencyKey, app: app)
        }
    }

    public func patchCard(messageID: String, card: String, app: LarkApp) async throws(LarkError) {
        try await measured("message_patch") { () async throws(LarkError) in
            try await base.patchCard(messageID: messageID, card: card, app: app)
        }
    }

    public func updateCard(token: Secret, card: String, app: LarkApp) async throws(LarkError) {
        try await measured("card_update") { () async throws(LarkError) in
            try await base.updateCard(token: token, card: card, app: app)
        }
    }

    public func decide(_ decision: LarkTaskDecision, app: LarkApp) async throws(LarkError) {
        try await measured("task_decide") { () async throws(LarkError) in try await base.decide(decision, app: app) }
    }

    public func addComment(
        instanceCode: String, authorOpenID: String, text: String, mentioning: LarkMention?, app: LarkApp
    ) async throws(LarkError) -> String {
        try await measured("instance_comment") { () async throws(LarkError) in
            try await base.addComment(
                instanceCode: instanceCode, authorOpenID: authorOpenID, text: text, mentioning: mentioning, app: app)
        }
    }

    private func measured<Value: ~Copyable>(_ endpoint: String, _ call: () async throws(LarkError) -> Value)
        async throws(LarkError) -> Value
    {
        let started = ContinuousClock.now
        do {
            let value = try await call()
            metrics.larkCall(endpoint: endpoint, outcome: "ok", took: ContinuousClock.now - started)
            return value
        } catch {
            metrics.larkCall(endpoint: endpoint, outcome: error.kind.rawValue, took: ContinuousClock.now - started)
            throw error
        }
    }
}
