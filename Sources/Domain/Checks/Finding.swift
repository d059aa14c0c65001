/// One observation of a check, explainable on its own: what was seen, how bad, and why.
public struct Finding: Hashable, Sendable, Codable {
    public let dimension: Dimension
    public let severity: Verdict
    /// What was found; reports group by it.
    public let code: Code
    /// A sentence an approver understands.
    public let message: String
    /// The facts the finding rests on, e.g. the claimed amount and the norm's median.
    public let evidence: Evidence
    /// The policy rule or learned pattern that fired.
    public let rule: String?

    public init(_ code: Code, severity: Verdict, message: String, evidence: Evidence = Evidence(), rule: String? = nil)
    {
        self.dimension = code.dimension
        self.severity = severity
        self.code = code
        self.message = message
        self.evidence = evidence
        self.rule = rule
    }
}
