public import Foundation

/// Everything the fake platform knows. Tests seed it and read back what Kopi did.
///
/// It enforces what Lark's documentation says (see ``FakeLarkLimits`` for the numbers):
/// - seeded ids must have Lark's shapes (UUID instance and approval codes, 19-digit task ids,
///   `ou_` open ids, `cli_` app ids), so toy ids cannot sneak into a test;
/// - message `uuid` at most 50 characters (`99992402`, HTTP 400), deduplicated for one hour only;
/// - card content at most 30 KB on send, patch and delayed update (`230025`), schema 2.0 shared
///   cards whose forms, inputs and buttons follow Lark's component rules (``FakeCardRules``,
///   `230099`), recipients inside the app's availability (`230013`); a card in a callback's
///   answer replaces the tapped card only if it passes the same rules (else client `200673`);
/// - message PATCH only within 14 days of sending (`230031`) and at most 5 a second per message
///   (`230020`), only by the app that sent it (`230071`);
/// - callback update tokens valid 30 minutes (`300030`), usable twice (`300040`), and only after
///   the callback was answered (before that: `300030`);
/// - comments notify only with `disable_bot: false`, and `at_info_list` must point at `@name`
///   in the text (`1390001`);
/// - task decisions only by the task's approver on a pending task, for the instance's own
///   definition (`1390010`, `1390001`).
public actor FakeLarkState {
    public private(set) var apps: [String: FakeApp] = [:]
    public private(set) var definitions: [String: (name: String, form: [[String: any Sendable]])] = [:]
    public private(set) var subscriptions: Set<String> = []
    public private(set) var instances: [String: FakeInstance] = [:]
    public private(set) var files: [String: [UInt8]] = [:]
    public private(set) var sentCards: [FakeSentCard] = []
    public private(set) var patches: [(messageID: String, content: String)] = []
    public private(set) var cardUpdates: [FakeCardUpdate] = []
    public private(set) var decisions: [FakeDecision] = []
    public private(set) var comments: [FakeComment] = []
    public private(set) var requests: [FakeRequestRecord] = []
    public private(set) var tokensIssued = 0
    /// Cards in callback answers that Lark would not show (client error `200673`).
    public private(set) var refusedAnswers: [String] = []
    /// Seconds a new token lives (Lark: up to 7200).
    public var tokenLifetime: Int = 7200
    /// Open ids outside the app's availability range: cards to them fail with 230013.
    public private(set) var outsideAvailability: Set<String> = []

    private var tokens: [String: (appID: String, expiresAt: Date)] = [:]
    private var faults: [(prefix: String, fault: FakeFault)] = []
    private var latencies: [(prefix: String, delay: Duration)] = []
    private var callbackTokens: [String: FakeCallbackToken] = [:]
    private var currentContents: [String: String] = [:]
    private var patchTimes: [String: [Date]] = [:]
    private var clockOffset: TimeInterval = 0
    private var frozenAt: Date?

    public init() {}

    // MARK: Time

    /// The fake's notion of now: the machine's clock moved by ``advanceClock(by:)``, or the
    /// instant ``freezeClock()`` fixed.
    public func now() -> Date { frozenAt ?? Date().addingTimeInterval(clockOffset) }

    /// Moves the fake's clock forward, e.g. past a token's 30 minutes or a card's 14 days.
    public func advanceClock(by seconds: TimeInterval) {
        clockOffset += seconds
        frozenAt = frozenAt?.addingTimeInterval(seconds)
    }

    /// Stops the fake's clock, so per-second limits do not depend on how fast a test runs.
    public func freezeClock() { frozenAt = now() }

    // MARK: Seeding

    public func register(_ app: FakeApp) {
        precondition(LarkIDs.isAppID(app.appID), "Lark app ids look like cli_ + 16 hex characters, not \(app.appID)")
        apps[app.appID] = app
    }

    public func setTokenLifetime(_ seconds: Int) { tokenLifetime = seconds }

    public func addDefinition(code: String, name: String, form: [[String: any Sendable]]) {
        precondition(LarkIDs.isInstanceCode(code), "approval codes are upper-case UUIDs, not \(code)")
        definitions[code] = (name, form)
    }

    public func addInstance(_ instance: FakeInstance) {
        precondition(
            LarkIDs.isInstanceCode(instance.approvalCode),
            "approval codes are upper-case UUIDs, not \(instance.approvalCode)")
        precondition(
            LarkIDs.isInstanceCode(instance.instanceCode),
            "instance codes are upper-case UUIDs, not \(instance.instanceCode)")
        precondition(
            LarkIDs.isOpenID(instance.applicantOpenID), "open ids are ou_ + 32 hex, not \(instance.applicantOpenID)")
        for task in instance.tasks + instance.laterLevels.flatMap({ $0 }) {
            precondition(LarkIDs.isTaskID(task.id), "task ids are 19 digits, not \(task.id)")
            precondition(LarkIDs.isOpenID(task.approverOpenID), "open ids are ou_ + 32 hex, not \(task.approverOpenID)")
        }
        instances[instance.instanceCode] = instance
    }

    public func setStatus(_ status: String, of instanceCode: String) { instances[instanceCode]?.status = status }

    /// Changes one task as Lark's own Approval app would (an approver acting there).
    public func setTaskStatus(_ status: String, task taskID: String, of instanceCode: String) {
        guard let index = instances[instanceCode]?.tasks.firstIndex(where: { $0.id == taskID }) else { return }
        instances[instanceCode]?.tasks[index].status = status
    }

    /// Transfers a pending task to another approver: the old task is TRANSFERRED and a new
    /// pending task appears. Returns the new task's id.
    @discardableResult
    public func transfer(task taskID: String, of instanceCode: String, to openID: String) -> String? {
        guard let index = instances[instanceCode]?.tasks.firstIndex(where: { $0.id == taskID }) else { return nil }
        instances[instanceCode]?.tasks[index].status = "TRANSFERRED"
        let newTask = FakeTask(id: LarkIDs.taskID(), approverOpenID: openID)
        instances[instanceCode]?.tasks.append(newTask)
        return newTask.id
    }

    public func addFile(name: String, bytes: [UInt8]) { files[name] = bytes }

    public func placeOutsideAvailability(_ openID: String) { outsideAvailability.insert(openID) }

    /// Queues a fault for the next request under `pathPrefix` (e.g. `/open-apis/approval`).
    public func inject(_ fault: FakeFault, on pathPrefix: String = "/") { faults.append((pathPrefix, fault)) }

    /// Every request under `pathPrefix` waits `delay` before it is answered (Lark far away).
    public func setLatency(_ delay: Duration, on pathPrefix: String = "/open-apis/") {
        latencies.append((pathPrefix, delay))
    }

    func latency(for path: String) -> Duration? { latencies.last { path.hasPrefix($0.prefix) }?.delay }

    /// Injected faults no request has met yet.
    public var pendingFaults: Int { faults.count }

    func takeFault(for path: String) -> FakeFault? {
        guard let index = faults.firstIndex(where: { path.hasPrefix($0.prefix) }) else { return nil }
        return faults.remove(at: index).fault
    }

    func record(_ request: FakeRequestRecord) { requests.append(request) }

    // MARK: Tokens

    func issueToken(appID: String, secret: String) -> (token: String, expire: Int)? {
        guard apps[appID]?.appSecret == secret else { return nil }
        // Like Lark: the same token while it has 30 minutes or more left.
        let now = now()
        if let (token, entry) = tokens.first(where: {
            $0.value.appID == appID && $0.value.expiresAt.timeIntervalSince(now) >= 1800
        }) {
            return (token, Int(entry.expiresAt.timeIntervalSince(now)))
        }
        tokensIssued += 1
        let token = "t-" + LarkIDs.hex(40)
        tokens[token] = (appID, now.addingTimeInterval(TimeInterval(tokenLifetime)))
        return (token, tokenLifetime)
    }

    func app(forToken token: String) -> String? {
        guard let entry = tokens[token], entry.expiresAt > now() else { return nil }
        return entry.appID
    }

    func expireAllTokens() {
        for key in tokens.keys { tokens[key]?.expiresAt = .distantPast }
    }

    // MARK: Approvals

    func subscribe(_ code: String, appID: String) -> Bool {
        subscriptions.insert("\(appID)/\(code)").inserted
    }

    /// Applies a decision to a pending task; returns a Lark error code, 0 on success.
    func decide(_ decision: FakeDecision, approvalCode: String) -> Int {
        guard var instance = instances[decision.instanceCode] else { return 1_390_003 }
        guard instance.approvalCode == approvalCode else { return 1_390_001 }
        guard
            let index = instance.tasks.firstIndex(where: {
                $0.id == decision.taskID && $0.approverOpenID == decision.approverOpenID
            })
        else { return 1_390_010 }
        guard instance.tasks[index].status == "PENDING" else { return 1_390_010 }
        instance.tasks[index].status = decision.action == "approve" ? "APPROVED" : "REJECTED"
        if decision.action == "reject" {
            instance.status = "REJECTED"
            for other in instance.tasks.indices where instance.tasks[other].status == "PENDING" {
                instance.tasks[other].status = "DONE"
            }
        } else if instance.tasks.allSatisfy({ ["APPROVED", "TRANSFERRED", "DONE"].contains($0.status) }) {
            if instance.laterLevels.isEmpty {
                instance.status = "APPROVED"
            } else {
                instance.tasks += instance.laterLevels.removeFirst()
            }
        }
        instances[decision.instanceCode] = instance
        decisions.append(decision)
        return 0
    }

    func addComment(instanceCode: String, author: String, text: String, disableBot: Bool, mentions: [String]) -> String
    {
        let applicant = instances[instanceCode]?.applicantOpenID
        let notified =
            disableBot ? [] : Array(Set(mentions + [applicant].compactMap { $0 }).subtracting([author])).sorted()
        comments.append(
            FakeComment(
                instanceCode: instanceCode, authorOpenID: author, text: text, disableBot: disableBot,
                mentions: mentions, notified: notified))
        return LarkIDs.commentID()
    }

    // MARK: Messages

    /// Sends a card, or returns the message already sent under the same `uuid` by this app
    /// within the hour. Returns a Lark error code instead when the send is refused.
    func sendCard(appID: String, receiver: String, content: String, idempotencyKey: String) -> Result<
        String, FakeLarkRefusal
    > {
        if outsideAvailability.contains(receiver) {
            return .failure(.init(230013, "Bot has NO availability to this user."))
        }
        let now = now()
        if let existing = sentCards.last(where: { $0.appID == appID && $0.idempotencyKey == idempotencyKey }),
            now.timeIntervalSince(existing.sentAt) < FakeLarkLimits.uuidWindow
        {
            return .success(existing.messageID)
        }
        let messageID = LarkIDs.messageID()
        sentCards.append(
            FakeSentCard(
                appID: appID, receiverOpenID: receiver, content: content, idempotencyKey: idempotencyKey,
                messageID: messageID, sentAt: now))
        currentContents[messageID] = content
        return .success(messageID)
    }

    /// `PATCH /open-apis/im/v1/messages/:message_id`.
    func patch(messageID: String, content: String, appID: String) -> FakeLarkRefusal? {
        guard let sent = sentCards.first(where: { $0.messageID == messageID }) else {
            return .init(230001, "message not found")
        }
        guard sent.appID == appID else { return .init(230071, "The operator is not the sender of the message.") }
        let now = now()
        guard now.timeIntervalSince(sent.sentAt) <= FakeLarkLimits.patchWindow else {
            return .init(230031, "Message can only be modified within 14 days after sending.")
        }
        let recent = (patchTimes[messageID] ?? []).filter { now.timeIntervalSince($0) < 1 }
        guard recent.count < FakeLarkLimits.patchesPerSecond else {
            return .init(230020, "This operation triggers the frequency limit.")
        }
        patchTimes[messageID] = recent + [now]
        patches.append((messageID, content))
        currentContents[messageID] = content
        return nil
    }

    /// Mints the update token of a callback from a tap on `messageID`, as Lark puts in `event.token`.
    public func issueCallbackToken(messageID: String) -> String {
        let token = LarkIDs.callbackToken()
        let appID = sentCards.first { $0.messageID == messageID }?.appID ?? ""
        callbackTokens[token] = FakeCallbackToken(appID: appID, messageID: messageID, issuedAt: now())
        return token
    }

    /// The service answered the callback that carried `token`: from now on it may be used.
    public func markCallbackAnswered(_ token: String) { callbackTokens[token]?.answeredAt = now() }

    /// `POST /open-apis/interactive/v1/card/update`.
    func updateCard(token: String, content: String, appID: String) -> FakeLarkRefusal? {
        guard token.hasPrefix("c-") else { return .init(300020, "token format error") }
        guard var entry = callbackTokens[token], let answeredAt = entry.answeredAt,
            now().timeIntervalSince(entry.issuedAt) <= FakeLarkLimits.callbackTokenLifetime, answeredAt <= now()
        else { return .init(300030, "token is invalid or expired") }
        guard entry.uses < FakeLarkLimits.callbackTokenUses else {
            return .init(300040, "token exceeds the usage limit")
        }
        guard entry.appID == appID else { return .init(200310, "cannot update a card sent by another app") }
        entry.uses += 1
        callbackTokens[token] = entry
        cardUpdates.append(FakeCardUpdate(token: token, messageID: entry.messageID, content: content))
        currentContents[entry.messageID] = content
        return nil
    }

    /// A callback's answer: a `raw` card in it replaces the tapped card at once, if Lark takes it
    /// (a card it refuses is error `200673` on the client and changes nothing).
    public func showAnswer(_ body: String, messageID: String) {
        guard let answer = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
            let card = answer["card"] as? [String: Any], card["type"] as? String == "raw",
            let data = card["data"] as? [String: Any],
            let json = try? JSONSerialization.data(withJSONObject: data)
        else { return }
        let content = String(decoding: json, as: UTF8.self)
        if FakeCardRules.refusal(content) == nil {
            currentContents[messageID] = content
        } else {
            refusedAnswers.append(content)
        }
    }

    /// The card as its recipient sees it now: the last of send, patch, delayed update and a
    /// callback's answer.
    public func currentContent(of messageID: String) -> String? { currentContents[messageID] }
}

/// A business error the fake answers with HTTP 400 and Lark's `code`.
struct FakeLarkRefusal: Error, Sendable {
    let code: Int
    let message: String

    init(_ code: Int, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The documented limits the fake enforces.
public enum FakeLarkLimits {
    /// Message `uuid`: "最大长度 50 字符".
    public static let maxUUIDLength = 50
    /// The same `uuid` sends at most one message within an hour.
    public static let uuidWindow: TimeInterval = 3600
    /// Card bodies, on send, patch and delayed update: 30 KB.
    public static let maxCardBytes = 30 * 1024
    /// Cards can be patched only within 14 days of sending.
    public static let patchWindow: TimeInterval = 14 * 86400
    /// Patches of one message: 5 a second.
    public static let patchesPerSecond = 5
    /// A callback's update token: 30 minutes, twice.
    public static let callbackTokenLifetime: TimeInterval = 30 * 60
    public static let callbackTokenUses = 2
}
