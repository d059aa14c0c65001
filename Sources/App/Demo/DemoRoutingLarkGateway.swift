public import Domain
public import Foundation
public import Ports

/// Sends the Lark calls of demo workspaces (``LarkDomain/demo``) and downloads of the demo's
/// invoice files to the ``SimulatedLark``, and everything else to the real gateway. Installed by
/// the composition root only when the demo is enabled.
public struct DemoRoutingLarkGateway: LarkGateway {
    let real: any LarkGateway
    let simulated: SimulatedLark

    public init(real: any LarkGateway, simulated: SimulatedLark) {
        self.real = real
        self.simulated = simulated
    }

    private func gateway(_ app: LarkApp) -> any LarkGateway { app.domain == .demo ? simulated : real }

    public func verifyCredentials(_ app: LarkApp) async throws(LarkError) {
        try await gateway(app).verifyCredentials(app)
    }

    public func approvalDefinition(_ approvalCode: String, app: LarkApp) async throws(LarkError)
        -> LarkApprovalDefinition
    {
        try await gateway(app).approvalDefinition(approvalCode, app: app)
    }

    public func subscribe(_ approvalCode: String, app: LarkApp) async throws(LarkError) {
        try await gateway(app).subscribe(approvalCode, app: app)
    }

    public func instance(_ instanceCode: String, app: LarkApp) async throws(LarkError) -> LarkInstance {
        try await gateway(app).instance(instanceCode, app: app)
    }

    public func instanceCodes(_ approvalCode: String, from: Date, to: Date, app: LarkApp) async throws(LarkError)
        -> [String]
    {
        try await gateway(app).instanceCodes(approvalCode, from: from, to: to, app: app)
    }

    public func download(_ reference: AttachmentReference, maxBytes: Int) async throws(LarkError) -> FetchedAttachment {
        let gateway: any LarkGateway = reference.url.hasPrefix(SimulatedLark.fileBase) ? simulated : real
        return try await gateway.download(reference, maxBytes: maxBytes)
    }

    public func sendCard(_ card: String, to openID: String, idempotencyKey: String, app: LarkApp)
        async throws(LarkError) -> String
    {
        try await gateway(app).sendCard(card, to: openID, idempotencyKey: idempotencyKey, app: app)
    }

    public func patchCard(messageID: String, card: String, app: LarkApp) async throws(LarkError) {
        try await gateway(app).patchCard(messageID: messageID, card: card, app: app)
    }

    public func updateCard(token: Secret, card: String, app: LarkApp) async throws(LarkError) {
        try await gateway(app).updateCard(token: token, card: card, app: app)
    }

    public func decide(_ decision: LarkTaskDecision, app: LarkApp) async throws(LarkError) {
        try await gateway(app).decide(decision, app: app)
    }

    public func addComment(
        instanceCode: String, authorOpenID: String, text: String, mentioning: LarkMention?, app: LarkApp
    )
        async throws(LarkError) -> String
    {
        try await gateway(app).addComment(
            instanceCode: instanceCode, authorOpenID: authorOpenID, text: text, mentioning: mentioning, app: app)
    }
}
