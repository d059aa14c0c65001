import Foundation

/// Lark's Open API bodies as Codable types: what Kopi sends and the parts of the answers it
/// reads. Field names are Lark's; unknown fields are ignored.
enum LarkWire {
    /// An answer that carries Lark's `code` beside whatever else it holds.
    protocol Coded: Decodable {
        var code: Int? { get }
    }

    /// Every answer: `code` 0 means success; `data` holds the result.
    struct Envelope<Payload: Decodable>: Coded {
        let code: Int?
        let data: Payload?
    }

    /// The `code` of an answer whose `data` is not read yet (or never).
    struct Status: Coded {
        let code: Int?
    }

    /// An answer whose `data` Kopi does not need.
    struct Nothing: Codable {}

    /// A string Lark sends as a JSON string or number, depending on the endpoint.
    struct FlexibleString: Decodable {
        let value: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                value = text
            } else if let number = try? container.decode(Int64.self) {
                value = String(number)
            } else {
                value = String(try container.decode(Double.self))
            }
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

        enum CodingKeys: String, CodingKey {
            case code
            case tenantAccessToken = "tenant_access_token"
            case expire
        }
    }

    struct Definition: Decodable {
        let approvalName: String?
        let status: String?
        let form: String

        enum CodingKeys: String, CodingKey {
            case approvalName = "approval_name"
            case status, form
        }
    }

    struct Instance: Decodable {
        let approvalCode: String?
        let instanceCode: String?
        let status: String
        let openID: String?
        let startTime: FlexibleString?
        let form: String
        let taskList: [Task]?

        enum CodingKeys: String, CodingKey {
            case approvalCode = "approval_code"
            case instanceCode = "instance_code"
            case status
            case openID = "open_id"
            case startTime = "start_time"
            case form
            case taskList = "task_list"
        }
    }

    struct Task: Decodable {
        let id: FlexibleString?
        let openID: String?
        let status: String?
        let nodeName: String?

        enum CodingKeys: String, CodingKey {
            case id
            case openID = "open_id"
            case status
            case nodeName = "node_name"
        }
    }

    struct InstanceList: Decodable {
        let instanceCodeList: [String]?
        let hasMore: Bool?
        let pageToken: String?

        enum CodingKeys: String, CodingKey {
            case instanceCodeList = "instance_code_list"
            case hasMore = "has_more"
            case pageToken = "page_token"
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

    struct CommentCreated: Decodable {
        let commentID: FlexibleString?

        enum CodingKeys: String, CodingKey { case commentID = "comment_id" }
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

    struct MessageSent: Decodable {
        let messageID: String

        enum CodingKeys: String, CodingKey { case messageID = "message_id" }
    }

    struct MessagePatch: Encodable {
        let content: String
    }

    /// The delayed card update takes the card as an object, not a string like send and patch.
    struct CardUpdate: Encodable {
        let token: String
        let card: PassThroughJSON
    }

    /// The encrypted push envelope, `{"encrypt": "…"}`.
    struct EncryptedPush: Decodable {
        let encrypt: String
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
