public import Foundation

/// One approval as the CSV export writes it: the claim, its current check and its latest decision.
public struct ApprovalExportRow: Sendable {
    public let submission: Submission
    public let flowName: String?
    public let check: Check?
    public let decision: Decision?

    public init(submission: Submission, flowName: String?, check: Check?, decision: Decision?) {
        self.submission = submission
        self.flowName = flowName
        self.check = check
        self.decision = decision
    }

    public static let header = [
        "instance_code", "flow", "applicant", "status", "submitted_at", "vendor", "category", "currency", "amount",
        "verdict", "findings", "decision", "decided_by", "decided_at", "decision_reason", "checked_at",
    ]

    /// The row's cells, times in ISO 8601 with the offset of `timeZone`; findings worst first, as
    /// `severity code: message`, separated by ` | `.
    public func cells(timeZone: TimeZone) -> [String] {
        let total = submission.claimedTotal
        let findings = (check?.findings ?? []).enumerated()
            .sorted { ($1.element.severity, $0.offset) < ($0.element.severity, $1.offset) }
            .map { "\($0.element.severity.rawValue) \($0.element.code.rawValue): \($0.element.message)" }
        func time(_ date: Date?) -> String {
            guard let date else { return "" }
            return date.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: timeZone))
        }
        return [
            CSVText.cell(submission.instanceCode), CSVText.cell(flowName ?? ""), CSVText.cell(submission.applicant),
            CSVText.cell(submission.status.rawValue), time(submission.submittedAt),
            CSVText.cell(submission.lineItems.compactMap(\.vendor).first ?? ""),
            CSVText.cell(submission.category ?? ""), CSVText.cell(total?.currency.code ?? ""),
            total.map { CSVText.number($0.decimalText) } ?? "", CSVText.cell(check?.verdict.rawValue ?? ""),
            CSVText.cell(findings.joined(separator: " | ")), CSVText.cell(decision?.outcome.rawValue ?? ""),
            CSVText.cell(decision?.approver ?? ""), time(decision?.decidedAt),
            CSVText.cell(decision?.reason?.text ?? ""),
            time(check?.checkedAt),
        ]
    }
}
