import Foundation

/// Everything the fake platform knows. Tests seed it and read back what Kopi did.
public actor FakeLarkState {
    public private(set) var apps: [String: FakeApp] = [:]
    public private(set) var definitions: [String: (name: String, form: [[String: any Sendable]])] = [:]
    public private(set) var subscriptions: Set<String> = []
    public private(set) var instances: [String: FakeInstance] = [:]
    public private(set) var files: [String: [UInt8]] = [:]
    public private(set) var sentCards: [FakeSentCard] = []
    public private(set) var patches: [(messageID: String, content: String)] = []
    public private(set) var decisions: [FakeDecision] = []
    public private(set) var comments: [FakeComment] = []
    public private(set) var requests: [FakeRequestRecord] = []
    public private(set) var tokensIssued = 0
    /// Seconds a new token lives (Lark: up to 7200).
    public var tokenLifetime: Int = 7200

    private var tokens: [String: (appID: String, expiresAt: Date)] = [:]
    private var faults: [(prefix: String, fault: FakeFault)] = []
    private var messageCounter = 0

    public init() {}

    public func register(_ app: FakeApp) { apps[app.appID] = app }

    public func setTokenLifetime(_ seconds: Int) { tokenLifetime = seconds }

    public func addDefinition(code: String, name: String, form: [[String: any Sendable]]) {
        definitions[code] = (name, form)
    }

    public func addInstance(_ instance: FakeInstance) { instances[instance.instanceCode] = instance }

    public func setStatus(_ status: String, of instanceCode: String) { instances[instanceCode]?.status = status }

    public func addFile(name: String, bytes: [UInt8]) { files[name] = bytes }

    /// Queues a fault for the next request under `pathPrefix` (e.g. `/open-apis/approval`).
    public func inject(_ fault: FakeFault, on pathPrefix: String = "/") { faults.append((pathPrefix, fault)) }

    func takeFault(for path: String) -> FakeFault? {
        guard let index = faults.firstIndex(where: { path.hasPrefix($0.prefix) }) else { return nil }
        return faults.remove(at: index).fault
    }

    func record(_ request: FakeRequestRecord) { requests.append(request) }

    func issueToken(appID: String, secret: String) -> (token: String, expire: Int)? {
        guard apps[appID]?.appSecret == secret else { return nil }
        // Like Lark: the same token while it has 30 minutes or more left.
        let now = Date()
        if let (token, entry) = tokens.first(where: { $0.value.appID == appID && $0.value.expiresAt.timeIntervalSince(now) >= 1800 }) {
            return (token, Int(entry.expiresAt.timeIntervalSince(now)))
        }
        tokensIssued += 1
        let token = "t-fake-\(appID)-\(tokensIssued)"
        tokens[token] = (appID, now.addingTimeInterval(TimeInterval(tokenLifetime)))
        return (token, tokenLifetime)
    }

    func app(forToken token: String) -> String? {
        guard let entry = tokens[token], entry.expiresAt > Date() else { return nil }
        return entry.appID
    }

    func expireAllTokens() {
        for key in tokens.keys { tokens[key]?.expiresAt = .distantPast }
    }

    func subscribe(_ code: String, appID: String) -> Bool {
        subscriptions.insert("\(appID)/\(code)").inserted
    }

    func sendCard(appID: String, receiver: String, content: String, idempotencyKey: String) -> String {
        if let existing = sentCards.first(where: { $0.appID == appID && $0.idempotencyKey == idempotencyKey }) {
            return existing.messageID
        }
        messageCounter += 1
        let messageID = "om_fake_\(messageCounter)"
        sentCards.append(FakeSentCard(appID: appID, receiverOpenID: receiver, content: content, idempotencyKey: idempotencyKey, messageID: messageID, sentAt: Date()))
        return messageID
    }

    func patch(messageID: String, content: String) -> Bool {
        guard sentCards.contains(where: { $0.messageID == messageID }) else { return false }
        patches.append((messageID, content))
        return true
    }

    /// Applies a decision to a pending task; returns a Lark error code, 0 on success.
    func decide(_ decision: FakeDecision) -> Int {
        guard var instance = instances[decision.instanceCode] else { return 1390003 }
        guard let index = instance.tasks.firstIndex(where: { $0.id == decision.taskID && $0.approverOpenID == decision.approverOpenID })
        else { return 1390010 }
        guard instance.tasks[index].status == "PENDING" else { return 1390010 }
        instance.tasks[index].status = decision.action == "approve" ? "APPROVED" : "REJECTED"
        if decision.action == "reject" {
            instance.status = "REJECTED"
        } else if instance.tasks.allSatisfy({ $0.status == "APPROVED" }) {
            instance.status = "APPROVED"
        }
        instances[decision.instanceCode] = instance
        decisions.append(decision)
        return 0
    }

    func addComment(_ comment: FakeComment) -> String {
        comments.append(comment)
        return "\(7_000_000_000 + comments.count)"
    }
}
