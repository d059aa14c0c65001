public import Foundation

/// An approval instance as fetched from Lark.
public struct LarkInstance: Hashable, Sendable {
    public let approvalCode: String
    public let instanceCode: String
    /// Lark's status text; ``submissionStatus`` maps the ones Kopi acts on.
    public let status: String
    public let applicantOpenID: String
    public let startedAt: Date?
    public let form: [LarkFormField]
    public let tasks: [LarkTask]

    public init(
        approvalCode: String, instanceCode: String, status: String, applicantOpenID: String, startedAt: Date?,
        form: [LarkFormField], tasks: [LarkTask]
    ) {
        self.approvalCode = approvalCode
        self.instanceCode = instanceCode
        self.status = status
        self.applicantOpenID = applicantOpenID
        self.startedAt = startedAt
        self.form = form
        self.tasks = tasks
    }

    public var submissionStatus: SubmissionStatus? { SubmissionStatus(rawValue: status) }

    /// Tasks an approver can still act on.
    public var pendingTasks: [LarkTask] { tasks.filter { $0.status == "PENDING" && !$0.openID.isEmpty } }
}

/// One approver's task in an instance.
public struct LarkTask: Hashable, Sendable {
    public let id: String
    public let openID: String
    public let status: String
    public let nodeName: String

    public init(id: String, openID: String, status: String, nodeName: String) {
        self.id = id
        self.openID = openID
        self.status = status
        self.nodeName = nodeName
    }
}

/// An approval definition: its name and the widgets of its form.
public struct LarkApprovalDefinition: Hashable, Sendable {
    public let approvalCode: String
    public let name: String
    public let status: String
    public let widgets: [LarkFormField]

    public init(approvalCode: String, name: String, status: String, widgets: [LarkFormField]) {
        self.approvalCode = approvalCode
        self.name = name
        self.status = status
        self.widgets = widgets
    }
}
