/// One observation of a check, explainable on its own: what was seen, how bad, and why.
public struct Finding: Hashable, Sendable, Codable {
    public let dimension: Dimension
    public let severity: Verdict
    /// A stable machine code such as `amount.above_norm`; reports group by it.
    public let code: String
    /// A sentence an approver understands.
    public let message: String
    /// The facts the finding rests on, e.g. `["claimed": "420.00 SGD", "median": "120.00 SGD"]`.
    public let evidence: [String: String]
    /// The policy rule or learned pattern that fired.
    public let rule: String?

    public init(
        dimension: Dimension, severity: Verdict, code: String, message: String, evidence: [String: String] = [:],
        rule: String? = nil
    ) {
        self.dimension = dimension
        self.severity = severity
        self.code = code
        self.message = message
        self.evidence = evidence
        self.rule = rule
    }
}
