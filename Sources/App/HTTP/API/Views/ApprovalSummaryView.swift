import Application
import Domain
import Foundation

/// One row of the approvals list.
struct ApprovalSummaryView: Encodable {
    let id: String
    let instanceCode: String
    let flowId: String
    let applicant: String
    let status: String
    let verdict: String?
    let total: String?
    let currency: String?
    let vendor: String?
    let category: String?
    let submittedAt: Date

    init(_ submission: Submission, verdict: Verdict?) {
        id = submission.id.description
        instanceCode = submission.instanceCode
        flowId = submission.flowID.description
        applicant = submission.applicant
        status = submission.status.rawValue
        self.verdict = verdict?.rawValue
        total = submission.claimedTotal?.decimalText
        currency = submission.claimedTotal?.currency.code
        vendor = submission.lineItems.compactMap(\.vendor).first
        category = submission.category
        submittedAt = submission.submittedAt
    }
}
