public import Foundation

/// A decrypted push from Lark to one of a tenant's webhook URLs.
public enum LarkPush: Hashable, Sendable {
    /// `url_verification`: answer `{"challenge": …}` once the token matches.
    case challenge(challenge: String, token: String)
    /// An event (v1 envelope, e.g. `approval_instance`) or a callback (v2, e.g. `card.action.trigger`).
    case event(LarkEvent)

    /// Parses decrypted JSON: `schema` means v2, `uuid` means v1, `type: url_verification` a challenge.
    public static func parse(_ plaintext: Data) throws(LarkPushError) -> LarkPush {
        guard let object = try? JSONValue.parse(plaintext), object.object != nil else { throw .malformedJSON }
        if object["schema"] != nil {
            guard let header = object["header"], let id = header["event_id"]?.string, !id.isEmpty,
                let type = header["event_type"]?.string
            else { throw .missingField("header.event_id") }
            let event = object["event"]
            let action = event?["action"]
            return .event(
                LarkEvent(
                    id: id, type: type, token: header["token"]?.string ?? "",
                    createdAt: LarkTime.date(header["create_time"]), approvalCode: nil, instanceCode: nil, status: nil,
                    operateTime: nil, operatorOpenID: event?["operator"]?["open_id"]?.string,
                    actionValue: action?["value"]?.object?.stringMembers ?? [:],
                    formValue: action?["form_value"]?.object?.stringMembers ?? [:],
                    messageID: event?["context"]?["open_message_id"]?.string,
                    callbackToken: event?["token"]?.string.map(Secret.init)))
        }
        if let id = object["uuid"]?.string {
            guard !id.isEmpty, let event = object["event"], let type = event["type"]?.string else {
                throw .missingField("event.type")
            }
            return .event(
                LarkEvent(
                    id: id, type: type, token: object["token"]?.string ?? "", createdAt: LarkTime.date(object["ts"]),
                    approvalCode: event["approval_code"]?.string, instanceCode: event["instance_code"]?.string,
                    status: event["status"]?.string, operateTime: LarkTime.date(event["operate_time"]),
                    operatorOpenID: event["open_id"]?.string))
        }
        if object["type"]?.string == "url_verification" {
            guard let challenge = object["challenge"]?.string else { throw .missingField("challenge") }
            return .challenge(challenge: challenge, token: object["token"]?.string ?? "")
        }
        throw .unknownEnvelope
    }

    /// The Verification Token the push carries.
    public var token: String {
        switch self {
        case .challenge(_, let token): token
        case .event(let event): event.token
        }
    }
}

/// The metadata of an event or callback; form values never appear here.
public struct LarkEvent: Hashable, Sendable {
    /// `uuid` (v1) or `header.event_id` (v2): the dedup key.
    public let id: String
    public let type: String
    public let token: String
    public let createdAt: Date?
    public let approvalCode: String?
    public let instanceCode: String?
    public let status: String?
    public let operateTime: Date?
    /// The approver of an `approval_task` event, or the tapper of a card callback.
    public let operatorOpenID: String?
    /// A card button's value (string entries only): Kopi's own opaque ids, never trusted alone.
    public let actionValue: [String: String]
    /// What the tapper typed in the card's form (`action.form_value`, string entries only), by
    /// input name: an approver's reason. Never logged.
    public let formValue: [String: String]
    /// The card a callback came from.
    public let messageID: String?
    /// A callback's card update token (`event.token`, `c-…`), not to be confused with the
    /// Verification Token: it lets the service update the tapped card once it has answered.
    public let callbackToken: Secret?

    public init(
        id: String, type: String, token: String, createdAt: Date?, approvalCode: String?, instanceCode: String?,
        status: String?, operateTime: Date?, operatorOpenID: String?, actionValue: [String: String] = [:],
        formValue: [String: String] = [:], messageID: String? = nil,
        callbackToken: Secret? = nil
    ) {
        self.id = id
        self.type = type
        self.token = token
        self.createdAt = createdAt
        self.approvalCode = approvalCode
        self.instanceCode = instanceCode
        self.status = status
        self.operateTime = operateTime
        self.operatorOpenID = operatorOpenID
        self.actionValue = actionValue
        self.formValue = formValue
        self.messageID = messageID
        self.callbackToken = callbackToken
    }
}

public enum LarkPushError: Error, Hashable, Sendable {
    case malformedJSON
    case missingField(String)
    case unknownEnvelope
}
