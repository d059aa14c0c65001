import Application
import Domain
import Foundation

struct MemberView: Encodable {
    let userId: String
    let email: String
    let role: String
    let joinedAt: Date

    init(_ entry: MemberService.Entry) {
        userId = entry.member.userID.description
        email = entry.email.value
        role = entry.member.role.rawValue
        joinedAt = entry.member.joinedAt
    }
}
