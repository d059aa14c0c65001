/// What a member may do in a workspace.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Sees approvals, the audit trail, rules and reports.
    case viewer
    /// Everything a viewer can, plus curating the rule library.
    case approver
    /// Everything, including the Lark connection, flows, policy and members.
    case admin

    public var rank: Int {
        switch self {
        case .viewer: 0
        case .approver: 1
        case .admin: 2
        }
    }

    public func allows(_ required: Role) -> Bool { rank >= required.rank }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
