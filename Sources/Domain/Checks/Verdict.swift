/// The colour of a check: green (fine), yellow (needs attention), red (blocked). Ordered by severity.
public enum Verdict: String, Sendable, Codable, CaseIterable, Comparable {
    case green
    case yellow
    case red

    private var rank: Int {
        switch self {
        case .green: 0
        case .yellow: 1
        case .red: 2
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }

    /// The worst of the given verdicts; green when there are none.
    public static func worst(of verdicts: some Sequence<Verdict>) -> Verdict {
        verdicts.max() ?? .green
    }
}
