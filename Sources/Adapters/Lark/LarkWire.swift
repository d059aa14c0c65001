import Domain
import Foundation

/// Lark's Open API bodies: what Kopi sends, as `Encodable` types, and the parts of the answers it
/// reads, read from a parsed ``JSONValue`` (``LarkAnswerFields``) rather than through
/// `JSONDecoder`, which cost a pipeline about 3 % of its CPU. Field names are Lark's; unknown
/// fields are ignored.
enum LarkWire {
    /// An answer, or the `data` of one, read from its JSON.
    protocol Readable {
        init(json: JSONValue) throws(LarkAnswerFields.Unreadable)
    }

    /// An answer that carries Lark's `code` beside whatever else it holds.
    protocol Coded: Readable {
        var code: Int? { get }
    }

    /// Every answer: `code` 0 means success; `data` holds the result.
    struct Envelope<Payload: Readable>: Coded {
        let code: Int?
        let data: Payload?

        init(json: JSONValue) throws(LarkAnswerFields.Unreadable) {
            let fields = try LarkAnswerFields(json)
            code = try fields.optionalInteger("code")
            data = try fields.optional("data") { try? Payload(json: $0) }
        }
    }

    /// The `code` of an answer whose `data` is not read yet (or never).
    struct Status: Coded {
        let code: Int?

        init(code: Int?) {
            self.code = code
        }

        init(json: JSONValue) throws(LarkAnswerFields.Unreadable) {
            code = try LarkAnswerFields(json).optionalInteger("code")
        }
    }

    /// An answer whose `data` Kopi does not need (any object); also the empty body of a request.
    struct Nothing: Encodable, Readable {
        init() {}

        init(json: JSONValue) throws(LarkAnswerFields.Unreadable) {
            _ = try LarkAnswerFields(json)
        }
    }

    struct TokenRequest: Encodable {
        let appID: String
        let appSecret: String

        enum CodingKeys: String, CodingKey {
            case appID = "app_id"
            case appSecret = "app_secret"
        }
    }

    /// `tenant_access_token/internal` answers at the top level, not under `data`.
    struct TokenResponse: Coded {
        let code: Int?
        let tenantAccessToken: String
        let expire: Double

        init(json: JSONValue) throws(LarkAnswerFields.Unreadable) {
            let fields = try LarkAnswerFields(json)
            code = try fields.optionalInteger("code")
            tenantAccessToken = try fields.string("tenant_access_token")
            expire = try fields.double("expire")
        }
    }

    struct Definition: Readable {
        let approvalName: String?
        let status: String?
        let form: String

        init(json: JSONValue) throws(LarkAnswerFields.Unreadable) {
            let fields = try LarkAnswerFields(json)
            approvalName = try fields.optionalString("approval_name")
            status = try fields.optionalString("status")
            form = try fields.string("form")
        }
    }

    struct Instance: Readable {
        let approvalCode: String?
        let instanceCode: String?
        let status: String
        let openID: String?
        /// Milliseconds since the epoch, sent as a string or a number.
        let startTime: String?
        let form: String
        let taskList: [Task]?

        init(json: JSONValue) throws(LarkAnswerFields.Unreadable) {
            let fields = try LarkAnswerFields(json)
            approvalCode = try fields.optionalString("approval_code")
            instanceCode = try fields.optionalString("instance_code")
            status = try fields.string("status")
            openID = try fields.optionalString("open_id")
            startTime = try fields.optionalFlexibleString("start_time")
            form = try fields.string("form")
            taskList = try fields.optionalArray("task_list") { try? Task(json: $0) }
        }
    }

    struct Task: Readable {
        let id: String?
        let openID: String?
        let status: String?
        let nodeName: String?

        init(json: JSONValue) throws(LarkAnswerFields.Unreadable) {
            let fields = try LarkAnswerFields(json)
            id = try fields.optionalFlexibleString("id")
            openID = try fields.optionalString("open_id")
            status = try fields.optionalString("status")
            nodeName = try fields.optionalString("node_name")
        }
    }

    struct InstanceList: Readable {
        let instanceCodeList: [String]?
        let hasMore: Bool?
        let pageToken: String?

        init(json: JSONValue) throws(LarkAnswerFields.Unreadable) {
            let fields = try LarkAnswerFields(json)
            instanceCodeList = try fields.optionalStrings("instance_code_list")
            hasMore = try fields.optionalBool("has_more")
            pageToken = try fields.optionalString("page_token")
        }
    }

    struct TaskDecision: Encodable {
        let approvalCode: String
        let instanceCode: String
        let userID: String
        let taskID: String
        let comment: String?

        enum CodingKeys: String, CodingKey {
            case approvalCode = "approval_code"
            case instanceCode = "instance_code"
            case userID = "user_id"
            case taskID = "task_id"
            case comment
        }
    }

    struct Comment: Encodable {
        /// ``CommentContent`` as a JSON string, as Lark wants it.
        let content: String
        let disableBot: Bool
        let atInfoList: [Mention]?

        enum CodingKeys: String, CodingKey {
            case content
            case disableBot = "disable_bot"
            case atInfoList = "at_info_list"
        }
    }

    struct CommentContent: Encodable {
        let text: String
        let files: [String]
    }

    struct Mention: Encodable {
        let userID: String
        let name: String
        /// The `@name` text's position, as a string.
        let offset: String

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
            case name, offset
        }
    }

    struct CommentCreated: Readable {
        let commentID: String?

        init(json: JSONValue) throws(LarkAnswerFields.Unreadable) {
            commentID = try LarkAnswerFields(json).optionalFlexibleString("comment_id")
        }
    }

    struct Message: Encodable {
        let receiveID: String
        let msgType: String
        let content: String
        let uuid: String

        enum CodingKeys: String, CodingKey {
            case receiveID = "receive_id"
            case msgType = "msg_type"
            case content, uuid
        }
    }

    struct MessageSent: Readable {
        let messageID: String

        init(json: JSONValue) throws(LarkAnswerFields.Unreadable) {
            messageID = try LarkAnswerFields(json).string("message_id")
        }
    }

    struct MessagePatch: Encodable {
        let content: String
    }

    /// The delayed card update takes the card as an object, not a string like send and patch.
    struct CardUpdate: Encodable {
        let token: String
        let card: PassThroughJSON
    }
}

/// Any JSON value, to pass a document through unchanged inside a typed body.
enum PassThroughJSON: Codable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([PassThroughJSON])
    case object([String: PassThroughJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([PassThroughJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: PassThroughJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
