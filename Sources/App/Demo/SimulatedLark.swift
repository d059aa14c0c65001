import Crypto
public import Domain
public import Foundation
public import Ports

/// The Lark of demo workspaces, inside this process and in memory: the definitions, instances,
/// invoice files and cards of each demo app, answering the ``LarkGateway`` calls Kopi makes for
/// apps on the ``LarkDomain/demo`` domain. Bounded: at most ``maxWorkspaces`` demo apps (the
/// oldest is forgotten first) and ``maxInstances`` instances and cards each.
public actor SimulatedLark: LarkGateway {
    public static let maxWorkspaces = 16
    public static let maxInstances = 100
    /// Where the demo's invoice files are said to live; never fetched over the network.
    static let fileBase = "https://demo-files.kopi.invalid/"

    struct SentCard: Sendable {
        let messageID: String
        let receiver: String
        /// As first sent: its buttons name the submission.
        let original: String
        var content: String
    }

    private struct Workspace {
        let appSecret: String
        var definitions: [String: LarkApprovalDefinition] = [:]
        var subscribed: Set<String> = []
        var instances: [String: LarkInstance] = [:]
        var files: [String: [UInt8]] = [:]
        var cards: [SentCard] = []
        var tokens: [String: String] = [:]
        var decisions: [LarkTaskDecision] = []
    }

    private var workspaces: [String: Workspace] = [:]
    private var order: [String] = []

    public init() {}

    func register(appID: String, appSecret: String) {
        if workspaces[appID] == nil {
            order.append(appID)
            while order.count > Self.maxWorkspaces { workspaces[order.removeFirst()] = nil }
        }
        workspaces[appID] = Workspace(appSecret: appSecret)
    }

    func addDefinition(_ definition: LarkApprovalDefinition, appID: String) {
        workspaces[appID]?.definitions[definition.approvalCode] = definition
    }

    func addInstance(_ instance: LarkInstance, file: (name: String, bytes: [UInt8])?, appID: String) throws(LarkError) {
        guard var workspace = workspaces[appID] else { throw LarkError(.invalidCredentials) }
        guard workspace.instances.count < Self.maxInstances else { throw LarkError(.rejected) }
        workspace.instances[instance.instanceCode] = instance
        if let file { workspace.files[Self.fileURL(file.name, appID: appID)] = file.bytes }
        workspaces[appID] = workspace
    }

    static func fileURL(_ name: String, appID: String) -> String { fileBase + appID + "/" + name }

    /// The callback token Lark would put in a tap on this card.
    func issueToken(messageID: String, appID: String) -> Secret {
        let token = "c-" + DemoIDs.stable(.eventID, "\(messageID)-\(workspaces[appID]?.tokens.count ?? 0)")
        workspaces[appID]?.tokens[token] = messageID
        return Secret(token)
    }

    func cards(appID: String) -> [SentCard] { workspaces[appID]?.cards ?? [] }

    func decisions(appID: String) -> [LarkTaskDecision] { workspaces[appID]?.decisions ?? [] }

    private func workspace(_ app: LarkApp) throws(LarkError) -> Workspace {
        guard let workspace = workspaces[app.appID], workspace.appSecret == app.appSecret.revealForOutboundUse() else {
            throw LarkError(.invalidCredentials)
        }
        return workspace
    }

    public func verifyCredentials(_ app: LarkApp) async throws(LarkError) { _ = try workspace(app) }

    public func approvalDefinition(_ approvalCode: String, app: LarkApp) async throws(LarkError)
        -> LarkApprovalDefinition
    {
        guard let definition = try workspace(app).definitions[approvalCode] else { throw LarkError(.notFound) }
        return definition
    }

    public func subscribe(_ approvalCode: String, app: LarkApp) async throws(LarkError) {
        guard try workspace(app).definitions[approvalCode] != nil else { throw LarkError(.notFound) }
        workspaces[app.appID]?.subscribed.insert(approvalCode)
    }

    public func instance(_ instanceCode: String, app: LarkApp) async throws(LarkError) -> LarkInstance {
        guard let instance = try workspace(app).instances[instanceCode] else { throw LarkError(.notFound) }
        return instance
    }

    public func instanceCodes(_ approvalCode: String, from: Date, to: Date, app: LarkApp) async throws(LarkError)
        -> [String]
    {
        try workspace(app).instances.values.filter { instance in
            instance.approvalCode == approvalCode && (instance.startedAt.map { $0 >= from && $0 < to } ?? false)
        }.map(\.instanceCode).sorted()
    }

    public func download(_ reference: AttachmentReference, maxBytes: Int) async throws(LarkError) -> FetchedAttachment {
        guard let bytes = workspaces.values.lazy.compactMap({ $0.files[reference.url] }).first else {
            throw LarkError(.notFound)
        }
        guard bytes.count <= maxBytes else { throw LarkError(.tooLarge) }
        let hash = Hex.lowercase(SHA256.hash(data: bytes))
        return FetchedAttachment(reference: reference, bytes: bytes, contentHash: hash)
    }

    public func sendCard(_ card: String, to openID: String, idempotencyKey: String, app: LarkApp)
        async throws(LarkError) -> String
    {
        var workspace = try workspace(app)
        let messageID = DemoIDs.stable(.messageID, "\(app.appID)-\(idempotencyKey)")
        if workspace.cards.contains(where: { $0.messageID == messageID }) { return messageID }
        guard workspace.cards.count < Self.maxInstances * 2 else { throw LarkError(.rejected) }
        workspace.cards.append(SentCard(messageID: messageID, receiver: openID, original: card, content: card))
        workspaces[app.appID] = workspace
        return messageID
    }

    public func patchCard(messageID: String, card: String, app: LarkApp) async throws(LarkError) {
        guard let index = try workspace(app).cards.firstIndex(where: { $0.messageID == messageID }) else {
            throw LarkError(.notFound)
        }
        workspaces[app.appID]?.cards[index].content = card
    }

    public func updateCard(token: Secret, card: String, app: LarkApp) async throws(LarkError) {
        // A token updates its card once here (Lark allows two uses; Kopi uses one).
        guard let messageID = try workspace(app).tokens[token.revealForOutboundUse()] else { throw LarkError(.expired) }
        workspaces[app.appID]?.tokens[token.revealForOutboundUse()] = nil
        try await patchCard(messageID: messageID, card: card, app: app)
    }

    public func decide(_ decision: LarkTaskDecision, app: LarkApp) async throws(LarkError) {
        guard let instance = try workspace(app).instances[decision.instanceCode],
            let task = instance.tasks.first(where: { $0.id == decision.taskID && $0.openID == decision.approverOpenID }
            ),
            task.status == "PENDING"
        else { throw LarkError(.rejected) }
        let status = decision.action == .approve ? "APPROVED" : "REJECTED"
        let tasks = instance.tasks.map {
            $0.id == task.id ? LarkTask(id: $0.id, openID: $0.openID, status: status, nodeName: $0.nodeName) : $0
        }
        workspaces[app.appID]?.instances[decision.instanceCode] = LarkInstance(
            approvalCode: instance.approvalCode, instanceCode: instance.instanceCode,
            status: tasks.allSatisfy { $0.status != "PENDING" } ? status : instance.status,
            applicantOpenID: instance.applicantOpenID,
            startedAt: instance.startedAt, form: instance.form, tasks: tasks)
        workspaces[app.appID]?.decisions.append(decision)
    }

    public func addComment(
        instanceCode: String, authorOpenID: String, text: String, mentioning: LarkMention?, app: LarkApp
    )
        async throws(LarkError) -> String
    {
        guard try workspace(app).instances[instanceCode] != nil else { throw LarkError(.notFound) }
        return DemoIDs.stable(.taskID, "\(instanceCode)-\(text)")
    }
}
