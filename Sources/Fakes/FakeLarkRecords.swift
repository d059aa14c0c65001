public import Foundation

/// A custom app registered on the fake platform.
public struct FakeApp: Sendable {
    public var appID: String
    public var appSecret: String
    public var encryptKey: String
    public var verificationToken: String

    public init(appID: String, appSecret: String, encryptKey: String, verificationToken: String) {
        self.appID = appID
        self.appSecret = appSecret
        self.encryptKey = encryptKey
        self.verificationToken = verificationToken
    }
}

/// An approval instance as the fake serves it.
public struct FakeInstance: Sendable {
    public var approvalCode: String
    public var instanceCode: String
    public var status: String
    public var applicantOpenID: String
    public var startTime: Date
    /// The form widgets as JSON objects (serialised into Lark's `form` string when served).
    public var form: [[String: any Sendable]]
    public var tasks: [FakeTask]
    /// The approval nodes still to come: when every task so far is approved, the next level's
    /// tasks become pending (a multi-level flow), and the instance is approved after the last.
    public var laterLevels: [[FakeTask]]

    public init(
        approvalCode: String, instanceCode: String, status: String = "PENDING", applicantOpenID: String,
        startTime: Date, form: [[String: any Sendable]], tasks: [FakeTask], laterLevels: [[FakeTask]] = []
    ) {
        self.approvalCode = approvalCode
        self.instanceCode = instanceCode
        self.status = status
        self.applicantOpenID = applicantOpenID
        self.startTime = startTime
        self.form = form
        self.tasks = tasks
        self.laterLevels = laterLevels
    }
}

public struct FakeTask: Sendable {
    public var id: String
    public var approverOpenID: String
    public var status: String

    public init(id: String, approverOpenID: String, status: String = "PENDING") {
        self.id = id
        self.approverOpenID = approverOpenID
        self.status = status
    }
}

/// A card the fake accepted. `content` is what was sent; ``FakeLarkState/currentContent(of:)``
/// is what the approver sees now, after updates.
public struct FakeSentCard: Sendable {
    public let appID: String
    public let receiverOpenID: String
    public let content: String
    public let idempotencyKey: String
    public let messageID: String
    public let sentAt: Date
}

/// A card update made with a callback's token (`POST /open-apis/interactive/v1/card/update`).
public struct FakeCardUpdate: Sendable {
    public let token: String
    public let messageID: String
    public let content: String
}

/// The update token Lark hands out with a card callback: valid 30 minutes, usable twice, and
/// only once the callback has been answered.
struct FakeCallbackToken: Sendable {
    let appID: String
    let messageID: String
    let issuedAt: Date
    var answeredAt: Date?
    var uses = 0
}

/// A task decision the fake accepted.
public struct FakeDecision: Sendable {
    public let action: String
    public let instanceCode: String
    public let taskID: String
    public let approverOpenID: String
    public let comment: String?
}

public struct FakeComment: Sendable {
    public let instanceCode: String
    public let authorOpenID: String
    public let text: String
    /// `disable_bot`: true only syncs the comment and tells nobody.
    public let disableBot: Bool
    /// Open ids of `at_info_list`.
    public let mentions: [String]
    /// Who Lark's approval bot told about the comment: the mentioned people and the applicant,
    /// unless `disable_bot` was true.
    public let notified: [String]
}

/// A request as the fake saw it, for assertions about headers.
public struct FakeRequestRecord: Sendable {
    public let method: String
    public let path: String
    public let authorization: String?
    /// When the request arrived (the machine's clock, not the fake's).
    public let at: Date
}

/// A scripted failure, applied to the next request whose path starts with a prefix.
public enum FakeFault: Sendable {
    /// HTTP 429 with code 99991400 and `x-ogw-ratelimit-reset`.
    case rateLimit(resetSeconds: Double)
    /// HTTP 500 with a non-JSON body.
    case serverError
    /// HTTP 200 with a business code (e.g. 1395001, 1390018).
    case code(Int)
    /// HTTP 200 with a business code and an empty `data` object (Lark answers some calls with
    /// `"data": {}`): a failure whose `data` is not the endpoint's answer is still read by its code.
    case codeWithEmptyData(Int)
    /// Answer only after a delay.
    case slow(Duration)
    /// Every issued token expires now: the request answers 99991663.
    case expireTokens
}
