/// The state of a Lark approval instance, as Lark names it.
public enum SubmissionStatus: String, Sendable, Codable, CaseIterable {
    case pending = "PENDING"
    case approved = "APPROVED"
    case rejected = "REJECTED"
    case canceled = "CANCELED"
    case deleted = "DELETED"

    /// Final states: no approver can act any more, and cards lose their buttons.
    public var isFinal: Bool { self != .pending }
}
