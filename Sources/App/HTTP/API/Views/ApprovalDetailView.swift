import Application
import Domain
import Foundation

/// The audit view of one approval: the claim, what was read, every finding, the timeline and the
/// decisions.
struct ApprovalDetailView: Encodable {
    struct Event: Encodable {
        let at: Date
        let what: String
        let actor: String
    }

    struct CheckView: Encodable {
        let verdict: String
        let checkedAt: Date
        let findings: [Finding]
    }

    let summary: ApprovalSummaryView
    let flowName: String?
    let lineItems: [LineItem]
    let attachments: [AttachmentFacts]
    let extractions: [InvoiceExtraction]
    let check: CheckView?
    let decisions: [Decision]
    let cards: [CardMessage]
    let timeline: [Event]

    init(_ detail: ApprovalQueries.Detail) {
        summary = ApprovalSummaryView(detail.submission, verdict: detail.check?.verdict)
        flowName = detail.flow?.name
        lineItems = detail.submission.lineItems
        attachments = detail.submission.attachments
        extractions = detail.extractions
        check = detail.check.map {
            CheckView(verdict: $0.verdict.rawValue, checkedAt: $0.checkedAt, findings: $0.findings)
        }
        decisions = detail.decisions
        cards = detail.cards
        timeline = detail.timeline.map { Event(at: $0.at, what: $0.what, actor: $0.actor) }
    }
}
