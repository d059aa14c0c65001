import Domain
import Foundation

/// The schema 2.0 card an approver receives: colour, amount and vendor, findings by dimension,
/// what the invoice says, and three buttons whose values carry only the submission id and a choice.
struct CheckCard {
    let submission: Submission
    let check: Check
    let extractions: [InvoiceExtraction]
    let instanceTitle: String

    func json() -> String { Self.text(object()) }

    /// The same card once the approval ended elsewhere: no buttons, the outcome shown instead.
    func finalJSON(status: SubmissionStatus) -> String {
        withoutButtons("**Final outcome: \(status.rawValue.capitalized)** — no action needed.")
    }

    /// The informational card an approver gets when Kopi approved on the policy's behalf.
    func autoApprovedJSON() -> String {
        withoutButtons("**Auto-approved by Kopi** — it matches a learned pattern and nothing else was found. No action needed.")
    }

    /// The card the tapper sees after deciding.
    func decidedJSON(_ outcome: Decision.Outcome) -> String {
        switch outcome {
        case .approve: withoutButtons("**You approved this.**")
        case .reject: withoutButtons("**You rejected this.**")
        case .askForInfo: json()
        }
    }

    private func withoutButtons(_ closing: String) -> String {
        var card = object()
        var body = card["body"] as? [String: Any] ?? [:]
        var elements = body["elements"] as? [[String: Any]] ?? []
        elements.removeLast()
        elements.append(markdown(closing))
        body["elements"] = elements
        card["body"] = body
        return Self.text(card)
    }

    static func text(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func object() -> [String: Any] {
        let verdict = check.verdict
        let amount = submission.claimedTotal?.description ?? "amount unknown"
        let vendor = submission.lineItems.compactMap(\.vendor).first ?? "vendor unknown"
        var elements: [[String: Any]] = [markdown("**\(Self.headline(verdict))** · \(check.findings.filter { $0.severity != .green }.count) finding(s)")]
        for dimension in Dimension.allCases {
            let findings = check.findings.filter { $0.dimension == dimension }
            guard !findings.isEmpty else { continue }
            let lines = findings.map { "\(Self.dot($0.severity)) \($0.message)" + ($0.rule.map { " _(\($0))_" } ?? "") }
            elements.append(markdown("**\(dimension.rawValue.capitalized)**\n" + lines.joined(separator: "\n")))
        }
        if let invoice = extractions.first {
            let facts = [
                invoice.vendor.map { "Vendor: \($0)" }, invoice.invoiceNumber.map { "No. \($0)" },
                invoice.total.map { "Total: \($0)" }, invoice.tax.map { "Tax: \($0)" },
            ].compactMap { $0 }
            if !facts.isEmpty { elements.append(markdown("**Invoice** · " + facts.joined(separator: " · "))) }
        }
        elements.append(buttons())
        return [
            "schema": "2.0",
            "config": ["update_multi": true],
            "header": [
                "title": ["tag": "plain_text", "content": "\(instanceTitle): \(amount)"],
                "subtitle": ["tag": "plain_text", "content": vendor],
                "template": Self.template(verdict),
            ],
            "body": ["elements": elements],
        ]
    }

    private func buttons() -> [String: Any] {
        let choices: [(String, String, String)] = [("approve", "Approve", "primary"), ("ask_for_info", "Ask for info", "default"), ("reject", "Reject", "danger")]
        return [
            "tag": "column_set",
            "columns": choices.map { choice, label, style in
                [
                    "tag": "column", "width": "auto",
                    "elements": [[
                        "tag": "button", "name": "kopi_\(choice)", "type": style,
                        "text": ["tag": "plain_text", "content": label],
                        "behaviors": [["type": "callback", "value": ["kopi": submission.id.description, "choice": choice]]],
                    ]],
                ] as [String: Any]
            },
        ]
    }

    private func markdown(_ content: String) -> [String: Any] { ["tag": "markdown", "content": content] }

    static func template(_ verdict: Verdict) -> String {
        switch verdict {
        case .green: "green"
        case .yellow: "yellow"
        case .red: "red"
        }
    }

    static func headline(_ verdict: Verdict) -> String {
        switch verdict {
        case .green: "Looks fine"
        case .yellow: "Needs attention"
        case .red: "Blocked"
        }
    }

    static func dot(_ severity: Verdict) -> String {
        switch severity {
        case .green: "🟢"
        case .yellow: "🟡"
        case .red: "🔴"
        }
    }
}
