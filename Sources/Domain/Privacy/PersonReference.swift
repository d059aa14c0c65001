import Foundation

/// Whom a personal-data request is about: a Lark user of the workspace (an applicant or an
/// approver, known by their open id) or a dashboard user (known by their e-mail address, and by
/// their account id where member changes name them).
public enum PersonReference: Hashable, Sendable {
    case larkUser(openID: String)
    case email(EmailAddress)
    case account(UserID)

    /// A Lark user by open id: `ou_` and up to 64 letters and digits (Lark's ids are `ou_` and 32
    /// hex digits). Nil for anything else, so a stray value never matches a stored row.
    public static func larkUser(_ raw: String) -> PersonReference? {
        let text = raw.trimmingWhitespace()
        let body = text.dropFirst(3)
        guard text.hasPrefix("ou_"), (1...64).contains(body.count),
            body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        return .larkUser(openID: text)
    }

    /// The value stored where the person is named (an approver or applicant column, an audit
    /// entry's detail).
    public var storedValue: String {
        switch self {
        case .larkUser(let openID): openID
        case .email(let address): address.value
        case .account(let id): id.description
        }
    }

    /// How audit entries name the person as their actor.
    public var actor: String {
        switch self {
        case .larkUser(let openID): "lark:" + openID
        case .email(let address): address.value
        case .account(let id): id.description
        }
    }

    /// The kind, as the export and the audit trail name it.
    public var kind: String {
        switch self {
        case .larkUser: "lark_user"
        case .email: "email"
        case .account: "account"
        }
    }
}
