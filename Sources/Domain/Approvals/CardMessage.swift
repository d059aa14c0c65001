public import Foundation

/// A check card sent to one approver, so it can be patched when the instance ends elsewhere.
public struct CardMessage: Hashable, Sendable, Codable {
    public let tenantID: TenantID
    public let submissionID: SubmissionID
    /// Lark open id of the approver the card went to.
    public let approver: String
    /// Lark's `message_id` of the sent card.
    public let messageID: String
    public let sentAt: Date

    public init(tenantID: TenantID, submissionID: SubmissionID, approver: String, messageID: String, sentAt: Date) {
        self.tenantID = tenantID
        self.submissionID = submissionID
        self.approver = approver
        self.messageID = messageID
        self.sentAt = sentAt
    }
}
