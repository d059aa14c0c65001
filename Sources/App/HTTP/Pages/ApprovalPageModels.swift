import Application
import Domain
import Foundation

extension ApprovalPages {
    /// `/approvals`: one row per claim, with the filters and paging.
    struct ListPage: Sendable {
        struct Item: Sendable {
            let id: String
            let verdictClass: String
            let verdictLabel: String
            let submitted: String
            let vendor: String
            let category: String
            let amount: String
            let status: String
        }

        let items: [Item]
        let onboarding: Bool
        let demo: Bool
        let vendor: String
        let verdicts: [OptionModel]
        let statuses: [OptionModel]
        let previous: String?
        let next: String?
        /// The CSV of every approval these filters select.
        let csv: String
    }

    /// `/approvals/{id}`: the claim, what was read, every finding with its evidence, the timeline.
    struct DetailPage: Sendable {
        struct Line: Sendable {
            let date: String
            let category: String
            let vendor: String
            let description: String
            let amount: String
        }

        struct Attachment: Sendable {
            let name: String
            let type: String
            let size: String
            let outcome: String
        }

        struct Extraction: Sendable {
            let vendor: String
            let number: String
            let date: String
            let total: String
            let tax: String
        }

        struct Evidence: Sendable {
            let key: String
            let value: String
        }

        struct FindingRow: Sendable {
            let severity: String
            let dimension: String
            let code: String
            let message: String
            /// The written policy's sentence behind the rule, when it was accepted from the policy.
            let quote: String?
            let rule: String?
            let hasEvidence: Bool
            let evidence: [Evidence]
        }

        struct Event: Sendable {
            let at: String
            let what: String
            let actor: String
        }

        struct DecisionRow: Sendable {
            /// Who decided what, when.
            let text: String
            let reason: String?
        }

        struct CardRow: Sendable {
            /// Who, and when it was sent.
            let text: String
        }

        let instanceCode: String
        let flowName: String
        let verdictClass: String
        let verdictLabel: String
        let vendor: String
        let amount: String
        let submitted: String
        let status: String
        let lines: [Line]
        let attachments: [Attachment]
        let extractions: [Extraction]
        let findings: [FindingRow]
        let timeline: [Event]
        let decisions: [DecisionRow]
        let cards: [CardRow]
        let subtitle: String

        init(_ detail: ApprovalQueries.Detail, timeZone: TimeZone) {
            let t = PageLanguage.localizer
            let submission = detail.submission
            let verdict = detail.check?.verdict
            instanceCode = submission.instanceCode
            flowName = detail.flow?.name ?? "—"
            verdictClass = verdict?.rawValue ?? "none"
            verdictLabel = PageFormat.verdict(verdict)
            vendor = submission.lineItems.compactMap(\.vendor).first ?? t(.cardVendorUnknown)
            amount =
                PageFormat.money(submission.claimedTotal)
                + (submission.baseTotal.flatMap { base in
                    base.currency == submission.claimedTotal?.currency ? nil : " ≈ " + PageFormat.money(base)
                } ?? "")
            submitted = PageFormat.dateTime(submission.submittedAt, timeZone)
            status = PageFormat.status(submission.status)
            subtitle = t(
                .approvalSubtitle,
                ["code": submission.instanceCode, "flow": flowName, "submitted": submitted, "status": status])
            lines = submission.lineItems.map { line in
                Line(
                    date: line.date.map { PageFormat.day($0, timeZone) } ?? "—", category: line.category ?? "—",
                    vendor: line.vendor ?? "—", description: line.description ?? "",
                    amount: PageFormat.money(line.amount))
            }
            attachments = submission.attachments.map { facts in
                Attachment(
                    name: facts.fileName, type: facts.mediaType?.rawValue ?? "—",
                    size: PageFormat.size(facts.size),
                    outcome: PageFormat.outcome(facts.outcome))
            }
            extractions = detail.extractions.map { extraction in
                Extraction(
                    vendor: extraction.vendor ?? "—", number: extraction.invoiceNumber ?? "—",
                    date: extraction.invoiceDate.map { PageFormat.day($0, timeZone) } ?? "—",
                    total: PageFormat.money(extraction.total), tax: PageFormat.money(extraction.tax))
            }
            let text = FindingText(Localizer(t.language, timeZone: timeZone))
            findings = (detail.check?.findings ?? []).map { finding in
                FindingRow(
                    severity: finding.severity.rawValue, dimension: text.dimension(finding.dimension),
                    code: finding.code.rawValue,
                    message: text.sentence(finding), quote: text.quote(finding),
                    rule: finding.rule.map { t(.approvalRule, ["rule": $0]) },
                    hasEvidence: !finding.evidence.isEmpty,
                    evidence: finding.evidence.entries.sorted { $0.key < $1.key }.map {
                        Evidence(key: $0.key, value: $0.value)
                    })
            }
            timeline = detail.timeline(Localizer(t.language, timeZone: timeZone)).map {
                Event(at: PageFormat.dateTime($0.at, timeZone), what: $0.what, actor: $0.actor)
            }
            decisions = detail.decisions.map {
                DecisionRow(
                    text: t(
                        .approvalDecidedBy,
                        [
                            "outcome": PageFormat.outcome($0.outcome), "approver": $0.approver,
                            "at": PageFormat.dateTime($0.decidedAt, timeZone),
                        ]), reason: $0.reason?.text)
            }
            cards = detail.cards.map {
                CardRow(
                    text: t(
                        .approvalCardSent, ["approver": $0.approver, "at": PageFormat.dateTime($0.sentAt, timeZone)]))
            }
        }
    }
}
