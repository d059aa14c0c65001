public import Foundation

/// An expense approval instance as Kopi understands it: the claim read from the Lark form.
public struct Submission: Hashable, Sendable, Codable {
    public let id: SubmissionID
    public let tenantID: TenantID
    public let flowID: FlowID
    /// Lark's `instance_code`, unique within a tenant.
    public let instanceCode: String
    /// Lark open id of the employee who submitted.
    public var applicant: String
    public var status: SubmissionStatus
    public var lineItems: [LineItem]
    /// Facts about the attachments; never their bytes (see ``AttachmentFacts``).
    public var attachments: [AttachmentFacts]
    public let submittedAt: Date
    public var updatedAt: Date
    /// The claim in the workspace's base currency, each line converted at its day's rate, as the
    /// last check found it; nil when a line had no rate (or before any check).
    public var baseTotal: Money?

    public init(
        id: SubmissionID, tenantID: TenantID, flowID: FlowID, instanceCode: String, applicant: String,
        status: SubmissionStatus, lineItems: [LineItem], attachments: [AttachmentFacts], submittedAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.flowID = flowID
        self.instanceCode = instanceCode
        self.applicant = applicant
        self.status = status
        self.lineItems = lineItems
        self.attachments = attachments
        self.submittedAt = submittedAt
        self.updatedAt = updatedAt
    }

    /// The claimed total when every line shares one currency; nil for mixed currencies or no lines.
    public var claimedTotal: Money? {
        guard let first = lineItems.first else { return nil }
        var total = Money(minorUnits: 0, currency: first.amount.currency)
        for item in lineItems {
            guard let sum = total.adding(item.amount) else { return nil }
            total = sum
        }
        return total
    }

    /// The vendor of the claim when every line names the same one (normalised), else nil.
    public var vendorKey: String? {
        let keys = Set(lineItems.compactMap { $0.vendor.map(VendorName.normalise) })
        return keys.count == 1 ? keys.first : nil
    }

    /// When the money was spent: the earliest expense date of the lines, or the submission time
    /// when the form gave none.
    public var expenseDate: Date { lineItems.compactMap(\.date).min() ?? submittedAt }

    /// The category of the claim when every line names the same one, else nil.
    public var category: String? {
        let categories = Set(lineItems.compactMap(\.category))
        return categories.count == 1 ? categories.first : nil
    }
}
