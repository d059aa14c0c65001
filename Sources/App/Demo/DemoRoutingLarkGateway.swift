import Adapters
import Domain
import Foundation
import Ports

/// Sends a demo workspace's Lark calls (``LarkDomain/demo``) and downloads from the simulated
/// Lark to the in-process fake, and everything else to the real gateway.
struct DemoRoutingLarkGateway: LarkGateway {
    let real: any LarkGateway
    let demo: DemoLark

    private func gateway(_ app: LarkApp) async throws(LarkError) -> any LarkGateway {
        guard app.domain == .demo else { return real }
        guard let gateway = await demo.gatewayIfRunning() else { throw LarkError(.unavailable) }
        return gateway
    }

    func verifyCredentials(_ app: LarkApp) async throws(LarkError) { try await gateway(app).verifyCredentials(app) }

    func approvalDefinition(_ approvalCode: String, app: LarkApp) async throws(LarkError) -> LarkApprovalDefinition {
        try await gateway(app).approvalDefinition(approvalCode, app: app)
    }

    func subscribe(_ approvalCode: String, app: LarkApp) async throws(LarkError) { try await gateway(app).subscribe(approvalCode, app: app) }

    func instance(_ instanceCode: String, app: LarkApp) async throws(LarkError) -> LarkInstance {
        try await gateway(app).instance(instanceCode, app: app)
    }

    func instanceCodes(_ approvalCode: String, from: Date, to: Date, app: LarkApp) async throws(LarkError) -> [String] {
        try await gateway(app).instanceCodes(approvalCode, from: from, to: to, app: app)
    }

    func download(_ reference: AttachmentReference, maxBytes: Int) async throws(LarkError) -> FetchedAttachment {
        if let gateway = await demo.gatewayIfRunning(), await demo.serves(reference.url) {
            return try await gateway.download(reference, maxBytes: maxBytes)
        }
        return try await real.download(reference, maxBytes: maxBytes)
    }

    func sendCard(_ card: String, to openID: String, idempotencyKey: String, app: LarkApp) async throws(LarkError) -> String {
        try await gateway(app).sendCard(card, to: openID, idempotencyKey: idempotencyKey, app: app)
    }

    func patchCard(messageID: String, card: String, app: LarkApp) async throws(LarkError) {
        try await gateway(app).patchCard(messageID: messageID, card: card, app: app)
    }

    func updateCard(token: Secret, card: String, app: LarkApp) async throws(LarkError) {
        try await gateway(app).updateCard(token: token, card: card, app: app)
    }

    func decide(_ decision: LarkTaskDecision, app: LarkApp) async throws(LarkError) { try await gateway(app).decide(decision, app: app) }

    func addComment(instanceCode: String, authorOpenID: String, text: String, mentioning: LarkMention?, app: LarkApp)
        async throws(LarkError) -> String
    {
        try await gateway(app).addComment(instanceCode: instanceCode, authorOpenID: authorOpenID, text: text, mentioning: mentioning, app: app)
    }
}
