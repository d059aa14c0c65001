public import Domain
import Foundation

/// The schema 2.0 card an approver receives: colour, amount and vendor, findings by dimension,
/// what the invoice says, and a form: a reason field and three submit buttons whose values carry
/// only the submission id and a choice. The reason is needed to reject or ask for information.
///
/// Everything that comes from employees or the AI is made inert (``LarkMarkdown``,
/// ``PlainText``) and capped, and the card is kept under Lark's 30 KB: when the findings would not
/// fit, the most severe are shown and the card says how many more the audit page has.
public struct CheckCard: Sendable {
    public let submission: Submission
    public let check: Check
    public let extractions: [InvoiceExtraction]
    public let instanceTitle: String
    /// The approval's audit page on the dashboard.
    public let auditURL: String
    /// The workspace's language and time zone.
    public var localizer = Localizer(.english)

    public init(
        submission: Submission, check: Check, extractions: [InvoiceExtraction], instanceTitle: String,
        auditURL: String, localizer: Localizer = Localizer(.english)
    ) {
        self.submission = submission
        self.check = check
        self.extractions = extractions
        self.instanceTitle = instanceTitle
        self.auditURL = auditURL
        self.localizer = localizer
    }

    public var text: CardText { CardText(localizer) }

    /// Lark refuses cards over 30 KB; Kopi stays well below, since Lark counts styles too.
    public static let byteBudget = 28 * 1024

    /// What the card offers at a step of its lifecycle.
    public enum Form: Equatable, Sendable {
        /// Buttons live; an optional note above them (e.g. a question was asked).
        case live(note: String? = nil)
        /// A tap is recorded and Kopi is acting on Lark: no buttons; the reason given, if any.
        case pending(Decision.Outcome, reason: DecisionReason? = nil)
        /// No buttons, for good: the closing line says why.
        case closed(String)
    }

    public func json(_ form: Form = .live()) -> String {
        // Each finding's line is escaped once; fitting then costs a few serialisations, not one
        // per candidate count, however many findings there are.
        let lines = check.findings.sorted { $0.severity.rank > $1.severity.rank }.map { ($0.dimension, line($0)) }
        let full = Self.text(object(form, lines: lines, shown: lines.count))
        guard full.utf8.count > Self.byteBudget else { return full }
        var used = Self.text(object(form, lines: lines, shown: 0)).utf8.count
        var shown = 0
        for (_, line) in lines {
            used += line.utf8.count + 2
            if used > Self.byteBudget { break }
            shown += 1
        }
        var card = Self.text(object(form, lines: lines, shown: shown))
        while shown > 0 && card.utf8.count > Self.byteBudget {
            shown = shown * 9 / 10
            card = Self.text(object(form, lines: lines, shown: shown))
        }
        return card
    }

    /// Cards are built only of strings, booleans and containers, which ``JSONText`` always writes.
    public static func text(_ object: [String: Any]) -> String {
        try! JSONText.serialize(object)
    }

    /// One finding as a card line: severity dot, the inert sentence, in English the inert rule
    /// (the check names its rules in English; the audit page shows them in any language), and
    /// under it the written policy's sentence when the rule was accepted from the policy.
    public func line(_ finding: Finding) -> String {
        let rule = localizer.language == .english ? finding.rule : nil
        let text = FindingText(localizer)
        return "\(Self.dot(finding.severity)) \(LarkMarkdown.escape(text.sentence(finding), limit: 300))"
            + (rule.map { " _(\(LarkMarkdown.escape($0, limit: 100)))_" } ?? "")
            + (finding.evidence.policyQuote.map {
                "\n　_" + localizer(.policyQuote, ["quote": LarkMarkdown.escape($0, limit: 300)]) + "_"
            } ?? "")
    }

    private func object(_ form: Form, lines: [(Domain.Dimension, String)], shown: Int) -> [String: Any] {
        let verdict = check.verdict
        let t = localizer
        let amount = amounts(submission)
        let vendor =
            submission.lineItems.compactMap(\.vendor).first.map { PlainText.line($0, limit: 80) }
            ?? t(.cardVendorUnknown)
        let concerns = check.findings.filter { $0.severity != .green }.count
        var elements: [[String: Any]] = [
            markdown(t(.cardFindingCount, ["headline": headline(verdict), "count": t.number(concerns)]))
        ]
        let visible = lines.prefix(shown)
        for dimension in Dimension.allCases {
            let texts = visible.filter { $0.0 == dimension }.map { $0.1 }
            guard !texts.isEmpty else { continue }
            elements.append(
                markdown("**\(FindingText(t).dimension(dimension))**\n" + texts.joined(separator: "\n")))
        }
        if shown < lines.count {
            elements.append(
                markdown(t(.cardMoreFindings, ["count": t.number(lines.count - shown), "url": auditURL])))
        }
        if let invoice = extractions.first {
            let facts = [
                invoice.vendor.map { t(.cardInvoiceVendor, ["vendor": LarkMarkdown.escape($0, limit: 80)]) },
                invoice.invoiceNumber.map { t(.cardInvoiceNumber, ["number": LarkMarkdown.escape($0, limit: 40)]) },
                invoice.total.map { t(.cardInvoiceTotal, ["amount": t.money($0)]) },
                invoice.tax.map { t(.cardInvoiceTax, ["amount": t.money($0)]) },
            ].compactMap { $0 }
            if !facts.isEmpty { elements.append(markdown(t(.cardInvoice, ["facts": facts.joined(separator: " · ")]))) }
        }
        switch form {
        case .live(let note):
            if let note { elements.append(markdown(note)) }
            elements.append(decisionForm())
        case .pending(let choice, let reason):
            elements.append(
                markdown(
                    t(.cardPending, ["progress": text.progress(choice)])
                        + (reason.map { "\n" + text.reasonLine($0, choice: choice) } ?? "")))
        case .closed(let closing):
            elements.append(markdown(closing))
        }
        return [
            "schema": "2.0",
            "config": ["update_multi": true],
            "header": [
                "title": ["tag": "plain_text", "content": "\(PlainText.line(instanceTitle, limit: 60)): \(amount)"],
                "subtitle": ["tag": "plain_text", "content": vendor],
                "template": Self.template(verdict),
            ],
            "body": ["elements": elements],
        ]
    }

    /// The form container's name, the reason input's and the buttons' (`kopi_approve`, …): Lark
    /// needs every interactive component in a form named, uniquely within the card.
    public static let formName = "kopi_decision"
    public static let reasonField = "kopi_reason"

    /// The reason field and the three buttons, in one form at the body's root (Lark allows a
    /// form nowhere else). Each button submits the form, so a tap carries what was typed.
    private func decisionForm() -> [String: Any] {
        let choices: [(Decision.Outcome, String, String)] = [
            (.approve, localizer(.cardApprove), "primary"), (.askForInfo, localizer(.cardAskForInfo), "default"),
            (.reject, localizer(.cardReject), "danger"),
        ]
        let reason: [String: Any] = [
            "tag": "input", "name": Self.reasonField, "input_type": "multiline_text", "rows": 2,
            "max_length": DecisionReason.maxLength, "width": "fill",
            "placeholder": ["tag": "plain_text", "content": localizer(.cardReasonPlaceholder)],
        ]
        let buttons: [String: Any] = [
            "tag": "column_set",
            "columns": choices.map { choice, label, style in
                [
                    "tag": "column", "width": "auto",
                    "elements": [
                        [
                            "tag": "button", "name": "kopi_\(choice.rawValue)", "type": style,
                            "form_action_type": "submit",
                            "text": ["tag": "plain_text", "content": label],
                            "behaviors": [
                                [
                                    "type": "callback",
                                    "value": ["kopi": submission.id.description, "choice": choice.rawValue],
                                ]
                            ],
                        ]
                    ],
                ] as [String: Any]
            },
        ]
        return ["tag": "form", "name": Self.formName, "elements": [reason, buttons]]
    }

    private func markdown(_ content: String) -> [String: Any] { ["tag": "markdown", "content": content] }

    /// The claimed total, with its value in the base currency when it was converted from
    /// another: `12,000 JPY ≈ 108.40 SGD`.
    public func amounts(_ submission: Submission) -> String {
        let t = localizer
        guard let total = submission.claimedTotal else { return t(.cardAmountUnknown) }
        guard let base = submission.baseTotal, base.currency != total.currency else { return t.money(total) }
        return t(.cardAmountConverted, ["amount": t.money(total), "base": t.money(base)])
    }

    public static func template(_ verdict: Verdict) -> String {
        switch verdict {
        case .green: "green"
        case .yellow: "yellow"
        case .red: "red"
        }
    }

    public func headline(_ verdict: Verdict) -> String {
        switch verdict {
        case .green: localizer(.cardHeadlineGreen)
        case .yellow: localizer(.cardHeadlineYellow)
        case .red: localizer(.cardHeadlineRed)
        }
    }

    public static func dot(_ severity: Verdict) -> String {
        switch severity {
        case .green: "🟢"
        case .yellow: "🟡"
        case .red: "🔴"
        }
    }
}

extension Verdict {
    /// Red first, then yellow, then green.
    fileprivate var rank: Int {
        switch self {
        case .green: 0
        case .yellow: 1
        case .red: 2
        }
    }
}
